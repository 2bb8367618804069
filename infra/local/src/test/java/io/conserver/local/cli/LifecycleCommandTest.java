package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifecycle run} and {@code consent revoke} through the CLI on the shipped default pipeline
 * (inbox 7 days, stage copies and media 365, quarantine 30; exports follow the export stage).
 */
class LifecycleCommandTest {
  static final String PHONE_CALL = "019f15a6-a752-826f-b9a2-279e0d16bc46"; // tel:+12345678901
  static final String WEB_CHAT = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b";

  @TempDir Path dir;

  @BeforeAll
  static void repositoryDeclarations() {
    System.setProperty("conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private Path bucket() {
    return dir.resolve("data/default/bucket");
  }

  private static String sample(String name) {
    return Path.of("../../events/conversations", name).toAbsolutePath().normalize().toString();
  }

  private void ingestAndRun(String... samples) {
    for (String name : samples) {
      assertThat(CliRun.of("ingest", "--data", data(), sample(name)).exitCode()).isZero();
    }
    assertThat(CliRun.of("run", "--once", "--quiet", "--data", data()).exitCode()).isZero();
  }

  private List<String> files(String prefix) throws IOException {
    Path root = bucket().resolve(prefix);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> bucket().relativize(p).toString()).toList();
    }
  }

  @Test
  void lifecycleRun_expiresWhatIsDueAtNow_writesAVerifiableReceipt_andIsIdempotent()
      throws IOException {
    ingestAndRun("phone-call.vcon.json", "web-chat.vcon.json");
    String later = LocalDate.now(ZoneOffset.UTC).plusDays(400).toString();
    // One copy per stage of the shipped pipeline for each of the two conversations.
    int copies =
        2
            * io.conserver.platform.pipeline.PipelineParser.parse(
                    Path.of("../../terraform/pipelines/default.json").toAbsolutePath().normalize())
                .stages()
                .size();
    assertThat(files("vcons/default")).hasSize(copies);

    CliRun dry = CliRun.of("lifecycle", "run", "--dry-run", "--now", later, "--data", data());
    assertThat(dry.exitCode()).isZero();
    assertThat(dry.out()).contains("due        copy " + copies + ", sink 2, inbox 2");
    assertThat(dry.err()).contains("dry run, nothing changed");
    assertThat(files("vcons/default")).hasSize(copies);

    CliRun run = CliRun.of("lifecycle", "run", "--now", later, "--data", data());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("expired    copy " + copies + ", sink 2, inbox 2")
        .contains("receipt ");
    assertThat(files("vcons/default")).isEmpty();
    assertThat(files("inbox")).isEmpty();
    assertThat(files("exports")).isEmpty(); // the files sink, through the export module's port
    assertThat(files("sinks")).isEmpty();
    // Kept: one record per stage run, and an "expired" record per copy and for the sink record.
    assertThat(files("ledger/" + PHONE_CALL)).hasSize(copies + 1);
    String receipt =
        run.out()
            .lines()
            .filter(l -> l.startsWith("receipt"))
            .findFirst()
            .orElseThrow()
            .substring("receipt".length())
            .strip();

    CliRun verify = CliRun.of("erase", "verify-receipt", receipt, "--data", data());
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.err()).contains("signature valid");
    assertThat(VconJson.codec().read(verify.out().getBytes()).path("type").asText())
        .isEqualTo("conserver-expiry-receipt/1");

    CliRun again = CliRun.of("lifecycle", "run", "--now", later, "--data", data());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).isEqualTo(run.out());
  }

  @Test
  void lifecycleRun_refusesATimeItCannotRead() {
    CliRun run = CliRun.of("lifecycle", "run", "--now", "next tuesday", "--data", data());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: --now must be a UTC time").doesNotContain("Exception");
  }

  @Test
  void consentRevoke_withStop_laterStagesSkipThePartysNewConversations() throws IOException {
    CliRun revoke =
        CliRun.of("consent", "revoke", "--party", "tel:+1 234 567 8901", "--data", data());
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("pipeline   default: stop");

    ingestAndRun("phone-call.vcon.json", "web-chat.vcon.json");

    // Exports are journalled under the conversation id (file names carry the redacted copy's uuid).
    assertThat(files("sinks/journal")).allMatch(f -> f.contains(WEB_CHAT)).isNotEmpty();
    CliRun audit = CliRun.of("audit", PHONE_CALL, "--data", data());
    assertThat(audit.out()).contains("\"skipped_because\":\"consent revoked by party ");
    CliRun list = CliRun.of("consent", "list", "--data", data());
    assertThat(list.out()).contains("\"party_hmac\"").doesNotContain("2345678901");
  }

  @Test
  void consentRevoke_ofSomethingThatIsNotAnIdentifier_isOneErrorLine() {
    CliRun revoke = CliRun.of("consent", "revoke", "--party", "12345678901", "--data", data());

    assertThat(revoke.exitCode()).isEqualTo(1);
    assertThat(revoke.err().strip()).startsWith("error: not a party identifier");
  }
}
