package io.conserver.platform.lifecycle;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A local tenant bucket filled by the real {@link StageRunner} (two pass-through stages: ingest and
 * export), whose objects can be made older: the file times are the object times the lifecycle
 * engine reads, exactly as S3's LastModified would be.
 */
final class AgedBucket {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String TENANT = "acme";
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          ("{\"name\":\"calls\",\"stages\":[{\"name\":\"ingest\",\"function\":\"pass\"},"
                  + "{\"name\":\"export\",\"function\":\"pass\"}],"
                  + "\"retention_days\":{\"inbox\":7,\"ingest\":30,\"export\":365,\"media\":30,"
                  + "\"quarantine\":30}}")
              .getBytes(StandardCharsets.UTF_8),
          "test");

  final FileSystemBlobStore store;
  final PartyIndex index;
  private final Path objects;

  AgedBucket(Path dir) {
    this.objects = dir.resolve("b");
    this.store = new FileSystemBlobStore("acme-bucket", objects, dir.resolve("m"));
    this.index = new PartyIndex(store, KEY);
  }

  String media(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String key = "media/" + ContentHash.sha512(bytes);
    store.putBytes(key, bytes, PutOptions.of("audio/wav"));
    return MediaStore.defaultBaseUrl(TENANT) + key;
  }

  static String mediaKey(String url) {
    return url.substring(url.indexOf("media/"));
  }

  static String vcon(String uuid, String tel, String mediaUrl) {
    return "{\"uuid\":\""
        + uuid
        + "\",\"vcon\":\"0.3.0\",\"created_at\":\"2026-01-01T09:00:00Z\",\"parties\":["
        + "{\"tel\":\""
        + tel
        + "\"},{\"tel\":\"+18005550100\"}],\"dialog\":[{\"type\":\"recording\","
        + "\"start\":\"2026-01-01T09:00:00Z\",\"parties\":[0,1],\"mediatype\":\"audio/x-wav\","
        + "\"url\":\""
        + mediaUrl
        + "\",\"content_hash\":\"sha512-x\"}]}";
  }

  /** Drops a vCon in the inbox and runs both stages on it. */
  void ingest(String name, String json) {
    String key = "inbox/calls/" + name;
    BlobMetadata drop = store.putBytes(key, json.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
    runner("ingest").handle(event(drop), 1);
    for (BlobMetadata copy : store.list("vcons/calls/ingest/")) {
      runner("export").handle(event(copy), 1);
    }
  }

  private ObjectCreated event(BlobMetadata object) {
    return new ObjectCreated(TENANT, store.bucket(), object.key(), object.size(), object.version());
  }

  private StageRunner runner(String stage) {
    Transformation pass =
        new Transformation() {
          @Override
          public String function() {
            return "pass";
          }

          @Override
          public StageResult apply(StageInput input) throws InvalidInputException {
            return StageResult.of(input.vcon());
          }
        };
    return new StageRunner(store, TENANT, PIPELINE, stage, pass, CLOCK).indexingParties(index);
  }

  /** Sets every object's time to a day before {@link #NOW}: nothing is due yet. */
  void allFresh() {
    store.list("").forEach(o -> age(o.key(), 1));
  }

  /** Makes an object {@code days} old at {@link #NOW}. */
  void age(String key, int days) {
    try {
      Files.setLastModifiedTime(
          objects.resolve(key), FileTime.from(NOW.minus(Duration.ofDays(days))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void ageAll(String prefix, int days) {
    store.list(prefix).forEach(o -> age(o.key(), days));
  }

  List<String> keys(String prefix) {
    return store.list(prefix).stream().map(BlobMetadata::key).toList();
  }

  boolean exists(String key) {
    return store.head(key).isPresent();
  }
}
