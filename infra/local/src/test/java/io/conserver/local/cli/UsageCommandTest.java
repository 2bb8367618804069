package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.local.runtime.LocalTenant;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** usage: the metering records of a demo run, summed per day and pipeline, and costed. */
class UsageCommandTest {
  @TempDir static Path dir;

  @BeforeAll
  static void runTheDemo() {
    DemoOnce demo = DemoOnce.get(); // shared with the other classes' tests
    assertThat(demo.run().exitCode()).isZero();
    demo.copyTo(dir.resolve("data"));
  }

  private static String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void callsAreTheConversationsIngested_andEveryCloudIsCosted() {
    CliRun usage = CliRun.of("usage", "--cost", "--data", data());

    assertThat(usage.exitCode()).as(usage.err()).isZero();
    int ingested =
        new LocalTenant(dir.resolve("data"), "default")
            .store()
            .list("vcons/default/ingest/")
            .size();
    Matcher total = Pattern.compile("(?m)^total\\s+(\\d+)\\s+(\\d+)").matcher(usage.out());
    assertThat(total.find()).as(usage.out()).isTrue();
    assertThat(Integer.parseInt(total.group(1))).isEqualTo(ingested);
    assertThat(Integer.parseInt(total.group(2))).isGreaterThan(ingested); // several stages ran
    assertThat(usage.out())
        .containsPattern(
            "aws \\(us-east-1 list prices of \\d{4}-\\d{2}\\): \\$[0-9.]+ for "
                + ingested
                + " calls")
        .containsPattern("gcp \\(us-central1 list prices of \\d{4}-\\d{2}\\)")
        .contains("compute", "storage requests", "per 1,000 calls");
  }

  @Test
  void anEmptyRange_hasNoCalls_andABackwardsRangeIsAClearError() {
    CliRun empty =
        CliRun.of("usage", "--from", "2001-01-01", "--to", "2001-01-02", "--data", data());
    assertThat(empty.exitCode()).isZero();
    assertThat(empty.out()).containsPattern("(?m)^total\\s+0\\s+0");

    CliRun backwards =
        CliRun.of("usage", "--from", "2026-02-02", "--to", "2026-02-01", "--data", data());
    assertThat(backwards.exitCode()).isNotZero();
    assertThat(backwards.err()).contains("--to (2026-02-01) is before --from (2026-02-02)");

    CliRun bad = CliRun.of("usage", "--to", "yesterday", "--data", data());
    assertThat(bad.err()).contains("--to must be a day like").doesNotContain("Exception");
  }
}
