package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo, ingest, run, status, quarantine, show and invoke on a temporary data directory. The tests
 * that look at a demo's results share one run ({@link DemoOnce}), each on its own copy.
 */
class RuntimeCommandsTest {
  private static final String CHAT_UUID = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b";

  @TempDir Path dir;

  @BeforeAll
  static void pointAtTheRepository() {
    System.setProperty("conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private static Path sample(String name) {
    return Path.of("../../events/conversations", name).toAbsolutePath().normalize();
  }

  /** The demo's results copied into this test's data directory; the demo's own output. */
  private CliRun demo() {
    DemoOnce demo = DemoOnce.get();
    demo.copyTo(dir.resolve("data"));
    return demo.run();
  }

  @Test
  void demo_runsTheSamples_andSummarisesPerStage() {
    CliRun run = demo();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("default\\s+ingest\\s+8\\s+7\\s+1");
    if (!sphinxInstalled()) {
      // Without the offline engine the three recordings wait in quarantine, saying how to get it.
      assertThat(run.out()).containsPattern("default\\s+transcribe\\s+[78]\\s+4\\s+3");
      return;
    }
    // Three recordings get a transcript (the chats pass through); see "in" below.
    assertThat(run.out()).containsPattern("default\\s+transcribe\\s+[78]\\s+7\\s+0");
    assertThat(
            CliRun.of(
                    "show",
                    "--data",
                    data(),
                    "019f15a6-a752-826f-b9a2-279e0d16bc46",
                    "--stage",
                    "transcribe")
                .out())
        .contains("\"type\": \"transcript\"")
        .contains("\"vendor\": \"cmu\"");
    // The translate stage: every vCon passes (skipped where nothing is to translate); the Spanish
    // chat gains one translation analysis per message (apertium, es->en).
    assertThat(run.out()).containsPattern("default\\s+translate\\s+[78]\\s+7\\s+0");
    assertThat(run.out()).containsPattern("default\\s+analyze\\s+[78]\\s+7\\s+0");
    // the analyze stage finds the sales chat's objections, and the demo prints them
    assertThat(run.out())
        .containsPattern(
            "objection price\\s+party 0, dialog 1\\s+\"That's a lot more than we pay now.\"")
        .contains("objection authority")
        .contains("objection competitor");
    // The export stage's files sink: one JSON Lines object per vCon, journalled for erase.
    // "in" may count one redelivery (7 or 8): FileSystemBlobStore makes an object visible before
    // its version sidecar, so resume()'s listing can queue it under a derived version as well as
    // the write event under the real one; the second run is a DUPLICATE and writes nothing.
    assertThat(run.out()).containsPattern("default\\s+export\\s+[78]\\s+7\\s+0");
    Path bucket = dir.resolve("data/default/bucket");
    try {
      assertThat(
              Files.readString(
                  bucket.resolve(
                      "vcons/default/translate/019f2a10-5b6c-8d7e-9f10-213243546576.vcon.json")))
          .contains("\"type\":\"translation\"")
          .contains("\"source_language\":\"es\"");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(bucket.resolve("sinks/journal/" + CHAT_UUID + "/lake.json")).isRegularFile();
    try (var exported = java.nio.file.Files.walk(bucket.resolve("exports/default/lake"))) {
      assertThat(exported.filter(p -> p.toString().endsWith(".jsonl"))).hasSize(7);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(run.out()).contains(CHAT_UUID).contains("where to look:");
    assertThat(run.err()).contains("written").contains("quarantined");
    var index =
        new io.conserver.platform.index.PartyIndex(
            new io.conserver.local.runtime.LocalTenant(dir.resolve("data"), "default").store(),
            new io.conserver.local.runtime.LocalTenant(dir.resolve("data"), "default")
                .partyIndexKey());
    assertThat(index.conversationsOf("mailto:Carol.Jones@example.net")).containsExactly(CHAT_UUID);
    assertThat(dir.resolve("data/default/keys/party-index.key")).isRegularFile();
  }

  /** CI installs pocketsphinx (.ci/run) and must have it; a developer machine may not. */
  private static boolean sphinxInstalled() {
    boolean installed =
        java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "pocketsphinx_continuous")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("pocketsphinx_continuous is missing in CI: .ci/run installs it");
    }
    return installed;
  }

  @Test
  void ingestThenRunOnce_processesTheDrop_andAReingestIsSkipped() {
    CliRun ingest = CliRun.of("ingest", "--data", data(), sample("web-chat.vcon.json").toString());
    assertThat(ingest.exitCode()).isZero();
    assertThat(ingest.out()).contains("unsigned vCon -> inbox/default/");

    CliRun run = CliRun.of("run", "--once", "--data", data());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("default\\s+ingest\\s+1\\s+1\\s+0");
    assertThat(run.out()).containsPattern("default\\s+export\\s+[12]\\s+1\\s+0"); // see demo

    assertThat(CliRun.of("ingest", "--data", data(), sample("web-chat.vcon.json").toString()).out())
        .contains("already in the inbox");
    assertThat(CliRun.of("run", "--once", "--data", data()).out())
        .containsPattern("default\\s+ingest\\s+0\\s+0\\s+0");
  }

  @Test
  void ingest_recognisesSourceRecords_andTheStageConvertsThem() {
    Path sources = Path.of("../../events/sources").toAbsolutePath().normalize();

    CliRun ingest =
        CliRun.of(
            "ingest",
            "--data",
            data(),
            sources.resolve("connect-ctr.json").toString(),
            sources.resolve("twilio-recording-callback.form").toString(),
            sources.resolve("support-thread.mbox").toString(),
            sources.resolve("siprec-metadata.xml").toString());

    assertThat(ingest.exitCode()).isZero();
    assertThat(ingest.out())
        .contains("amazon-connect-ctr -> inbox/default/")
        .contains("Twilio recording callback (form) -> inbox/default/")
        .contains("e-mail -> inbox/default/")
        .contains("SIPREC metadata -> inbox/default/");
    CliRun run = CliRun.of("run", "--once", "--data", data());
    assertThat(run.out()).containsPattern("default\\s+ingest\\s+4\\s+4\\s+0");
  }

  @Test
  void ingest_refusesUnrecognisedFiles_andWritesNothingAtAll() throws Exception {
    Path audio = Files.write(dir.resolve("noise.bin"), new byte[] {1, 2, 3, 4});

    CliRun run =
        CliRun.of(
            "ingest", "--data", data(), sample("web-chat.vcon.json").toString(), audio.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("noise.bin: not recognised");
    assertThat(dir.resolve("data/default/bucket/inbox")).doesNotExist();
  }

  @Test
  void statusQuarantineAndShow_describeWhatTheRunDid() {
    demo();

    CliRun status = CliRun.of("status", "--data", data());
    assertThat(status.out())
        .containsPattern(
            "default\\s+ingest\\s+7\\s+1\\s+\\S+ vCon fails validation: /dialog/0/parties/1");

    CliRun list = CliRun.of("quarantine", "list", "--data", data());
    String reference = list.out().lines().findFirst().orElseThrow().split("\\s+")[0];
    assertThat(reference).startsWith("default/ingest/drop-");

    CliRun show = CliRun.of("quarantine", "show", "--data", data(), reference);
    assertThat(show.out()).contains("\"details\"").contains("/dialog/0/parties/1");

    CliRun vcon = CliRun.of("show", "--data", data(), CHAT_UUID);
    assertThat(vcon.out()).contains("\"subject\": \"Web chat: billing dispute and cancellation\"");
    assertThat(vcon.err()).contains("hash chain intact").contains("ingest");
  }

  @Test
  void quarantineRetry_releasesTheInput_forTheNextRun() {
    DemoOnce.get().linkTo(dir.resolve("data")); // the next run resumes after the demo
    String reference =
        CliRun.of("quarantine", "list", "--data", data())
            .out()
            .lines()
            .findFirst()
            .orElseThrow()
            .split("\\s+")[0];

    CliRun retry = CliRun.of("quarantine", "retry", "--data", data(), reference);
    assertThat(retry.exitCode()).isZero();
    assertThat(CliRun.of("quarantine", "list", "--data", data()).out()).isEmpty();

    // Still invalid, so the next run quarantines it again: retry re-runs, it does not bypass
    // checks.
    CliRun run = CliRun.of("run", "--once", "--data", data());
    assertThat(run.out()).containsPattern("default\\s+ingest\\s+1\\s+0\\s+1");
  }

  @Test
  void quarantineShow_rejectsReferencesThatAreNotOurs() {
    CliRun run = CliRun.of("quarantine", "show", "--data", data(), "../../etc/passwd");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not a quarantine reference");
  }

  @Test
  void invoke_runsOneFunctionWithASampleEvent() throws Exception {
    Path inbox = dir.resolve("data/acme/bucket/inbox/default");
    Files.createDirectories(inbox);
    Files.copy(sample("web-chat.vcon.json"), inbox.resolve("call 1+2.json"));

    CliRun run =
        CliRun.of(
            "invoke",
            "ingest",
            "--data",
            data(),
            "--tenant",
            "acme",
            "--event",
            "../../events/direct-invoke.json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo("- [written]");
    assertThat(dir.resolve("data/acme/bucket/vcons/default/ingest/" + CHAT_UUID + ".vcon.json"))
        .exists();
  }

  @Test
  void unknownPipeline_isAClearError() {
    CliRun run = CliRun.of("run", "--once", "--data", data(), "--pipeline", "nope");

    assertThat(run.exitCode())
        .isZero(); // run processes every declared pipeline; --pipeline is not used
    assertThat(
            CliRun.of(
                    "ingest",
                    "--data",
                    data(),
                    "--pipeline",
                    "nope",
                    sample("web-chat.vcon.json").toString())
                .err())
        .contains("no pipeline 'nope'");
  }

  @Test
  void audit_printsTheLedger_andDetectsTampering() throws Exception {
    demo();

    CliRun intact = CliRun.of("audit", "--data", data(), CHAT_UUID);
    assertThat(intact.exitCode()).isZero();
    assertThat(intact.out().lines())
        .hasSize(6) // ingest, transcribe (skipped: a chat), translate, redact, analyze, export
        .first()
        .satisfies(l -> assertThat(l).contains("\"stage\":\"ingest\""));
    assertThat(intact.err()).contains("6 record(s), hash chain intact");

    // Editing the first record changes its hash, which the second record's prev pins.
    Path record = dir.resolve("data/default/bucket/ledger/" + CHAT_UUID + "/00000001.json");
    Files.writeString(
        record, Files.readString(record).replace("conversation-capture", "marketing"));

    CliRun tampered = CliRun.of("audit", "--data", data(), CHAT_UUID);
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.err()).contains("BROKEN");
  }
}
