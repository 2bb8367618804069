package io.conserver.platform.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.storage.FileSystemBlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobAreaTest {
  @TempDir Path dir;

  @Test
  void recordsAreCreatedOnce_readBack_andKeptToTheStagesPrefix() {
    FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("o"), dir.resolve("m"));
    JobArea area = new JobArea(store, "sales", "transcribe");
    String key = "jobs/sales/transcribe/u1/0--1.json";

    assertThat(area.read(key)).isEmpty();
    assertThat(area.create(key, "{\"job_id\":\"a\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(area.create(key, "{\"job_id\":\"b\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(new String(area.read(key).orElseThrow(), StandardCharsets.UTF_8)).contains("\"a\"");

    assertThatThrownBy(() -> area.create("jobs/sales/export/x.json", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> area.read("vcons/sales/transcribe/x.vcon.json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reopen_forgetsOneConversationsJobsAndClosures_andNothingElse() {
    FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("o"), dir.resolve("m"));
    JobArea area = new JobArea(store, "sales", "transcribe");
    byte[] record = "{}".getBytes(StandardCharsets.UTF_8);
    String prefix = "jobs/sales/transcribe/";
    for (String key :
        new String[] {"u1/0--1.json", "closed/u1/0--1.json", "u2/0--1.json", "by-job/ab.json"}) {
      area.create(prefix + key, record);
    }

    area.reopen("u1");

    assertThat(store.list(prefix))
        .extracting(m -> m.key())
        .containsExactlyInAnyOrder(prefix + "u2/0--1.json", prefix + "by-job/ab.json");
    assertThatThrownBy(() -> area.reopen("../u2")).isInstanceOf(IllegalArgumentException.class);
  }
}
