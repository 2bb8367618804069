package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestBucket;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The ingest stage's output for the entry tests: a call whose recording is in the tenant's media/.
 */
public final class IngestedCall {
  private IngestedCall() {}

  /** The pipeline declaration the entry tests run: ingest, then transcribe with these options. */
  public static String pipelineJson(String pipeline, ObjectNode transcribeOptions) {
    return "{\"name\":\""
        + pipeline
        + "\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
        + "{\"name\":\"transcribe\",\"function\":\"transcribe\",\"purpose\":\"transcription\","
        + "\"options\":"
        + transcribeOptions
        + "}],\"lawful_basis_default\":\"legitimate_interest\"}";
  }

  /** Stores the recording and the vCon; the vCon's key (the transcribe stage's input). */
  public static String stored(BlobStore store, String pipeline, UUID conversation)
      throws IOException {
    byte[] audio;
    try (InputStream in = IngestedCall.class.getResourceAsStream("/speech/u01.opus")) {
      audio = in.readAllBytes();
    }
    store.putBytes("drops/" + conversation + ".opus", audio, PutOptions.of("audio/ogg"));
    MediaRef media =
        new MediaStore(store, MediaStore.defaultBaseUrl(TestBucket.TENANT))
            .importObject("drops/" + conversation + ".opus", "audio/ogg");
    OffsetDateTime start = OffsetDateTime.parse("2026-11-20T09:30:00Z");
    Vcon vcon =
        Vcon.builder(conversation, start)
            .addParty(Party.builder().name("Alice").tel("+15550000000").build())
            .addDialog(
                Dialog.builder("recording")
                    .start(start)
                    .parties(0)
                    .external(media.url(), media.contentHash())
                    .build())
            .build();
    String key = "vcons/" + pipeline + "/ingest/" + conversation + ".vcon.json";
    store.putBytes(key, vcon.toBytes(), PutOptions.JSON);
    return key;
  }
}
