package io.conserver.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantinedItemsTest {
  private static final String CONVERSATION = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b";

  @TempDir Path data;

  /**
   * A transcription job the stage gave up on would be given up on again at once: releasing the
   * input forgets the conversation's job records and closures, so the next run starts a new job.
   */
  @Test
  void release_forgetsTheConversationsJobsSoANewJobStarts() {
    BlobStore store = new LocalTenant(data, "acme").store();
    String input = "vcons/calls/ingest/" + CONVERSATION + ".vcon.json";
    String jobs = "jobs/calls/transcribe/";
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    store.putBytes(input, json, PutOptions.JSON);
    store.putBytes(jobs + CONVERSATION + "/0--1.json", json, PutOptions.JSON);
    store.putBytes(jobs + "closed/" + CONVERSATION + "/0--1.json", json, PutOptions.JSON);
    store.putBytes(jobs + "other/0--1.json", json, PutOptions.JSON);
    store.putBytes(
        "quarantine/calls/transcribe/" + CONVERSATION + ".json",
        ("{\"event\":{\"key\":\"" + input + "\"},\"error\":{\"message\":\"gave up on it\"}}")
            .getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);

    String released =
        new QuarantinedItems(new LocalTenant(data, "acme"), store)
            .release("calls/transcribe/" + CONVERSATION);

    assertThat(released).isEqualTo(input);
    assertThat(store.list(jobs))
        .extracting(BlobMetadata::key)
        .containsExactly(jobs + "other/0--1.json");
    assertThat(store.head(input)).isPresent();
  }
}
