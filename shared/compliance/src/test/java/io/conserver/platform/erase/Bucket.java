package io.conserver.platform.erase;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * A tenant's bucket filled the way the platform fills it: drops in the inbox go through the real
 * {@link StageRunner} (two pass-through stages, so every conversation has two copies, ledger
 * records, party index entries and media references), media is content-addressed.
 */
final class Bucket {
  static final String TENANT = "acme";
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          ("{\"name\":\"calls\",\"stages\":[{\"name\":\"ingest\",\"function\":\"pass\"},"
                  + "{\"name\":\"export\",\"function\":\"pass\"}]}")
              .getBytes(StandardCharsets.UTF_8),
          "test");

  final BlobStore store;
  final Clock clock;
  final MediaStore media;
  final PartyIndex index;

  Bucket(BlobStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.media = new MediaStore(store, MediaStore.defaultBaseUrl(TENANT));
    this.index = new PartyIndex(store, KEY);
  }

  /** Stores media bytes content-addressed; returns the url vCons refer to it by. */
  String media(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String key = "media/" + ContentHash.sha512(bytes);
    store.putBytes(key, bytes, PutOptions.of("audio/wav"));
    return MediaStore.defaultBaseUrl(TENANT) + key;
  }

  /** A vCon with two parties (tel) and a recording dialog referring to media by url. */
  static String vcon(String uuid, String telA, String telB, String mediaUrl, String transcript) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"vcon\":\"0.3.0\",\"created_at\":\"2026-11-26T09:00:00Z\",\"parties\":["
        + "{\"tel\":\""
        + telA
        + "\",\"name\":\"A\"},{\"tel\":\""
        + telB
        + "\"}],\"dialog\":[{\"type\":\"recording\",\"start\":\"2026-11-26T09:00:00Z\","
        + "\"parties\":[0,1],\"mediatype\":\"audio/x-wav\",\"url\":\""
        + mediaUrl
        + "\",\"content_hash\":\"sha512-x\"},"
        + "{\"type\":\"text\",\"start\":\"2026-11-26T09:01:00Z\",\"parties\":[1,0],\"originator\":1,"
        + "\"mediatype\":\"text/plain\",\"body\":\"hello from B\",\"encoding\":\"none\"}],"
        + "\"analysis\":[{\"type\":\"transcript\",\"dialog\":0,\"vendor\":\"t\",\"encoding\":\"json\","
        + "\"body\":{\"text\":\""
        + transcript
        + "\"}}]}";
  }

  /** Drops a document in the inbox and runs both stages on it, as the runtime would. */
  void ingest(String name, String json) {
    String key = "inbox/calls/" + name;
    BlobMetadata written =
        store.putBytes(key, json.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
    ObjectCreated event =
        new ObjectCreated(TENANT, store.bucket(), key, written.size(), written.version());
    StageOutcome first = runner("ingest").handle(event, 1);
    if (first != StageOutcome.WRITTEN) {
      throw new IllegalStateException("ingest " + name + ": " + first);
    }
    for (BlobMetadata copy : store.list("vcons/calls/ingest/")) {
      runner("export")
          .handle(
              new ObjectCreated(TENANT, store.bucket(), copy.key(), copy.size(), copy.version()),
              1);
    }
  }

  /** Drops a document in the inbox without processing it (an unindexed drop). */
  void drop(String name, String content) {
    store.putBytes(
        "inbox/calls/" + name, content.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
  }

  private StageRunner runner(String stage) {
    Transformation pass =
        new Transformation() {
          @Override
          public String function() {
            return "pass";
          }

          @Override
          public StageResult apply(io.conserver.platform.runner.StageInput input)
              throws io.conserver.platform.runner.InvalidInputException {
            return StageResult.of(input.vcon());
          }
        };
    return new StageRunner(store, TENANT, PIPELINE, stage, pass, clock).indexingParties(index);
  }

  List<String> keys(String prefix) {
    return store.list(prefix).stream().map(BlobMetadata::key).toList();
  }

  String text(String key) {
    return new String(store.getBytes(key, 1 << 24), StandardCharsets.UTF_8);
  }
}
