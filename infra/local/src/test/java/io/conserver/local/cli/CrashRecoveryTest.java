package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconUuid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime killed with SIGKILL in the middle of a pipeline run, then restarted: every
 * conversation completes exactly once. "Exactly once" is checked where a duplicate would show: one
 * ledger record per stage per conversation (the ledger refuses a second record for the same stage
 * and input), one export object per conversation, a verifiable hash chain, and every visible object
 * a complete vCon (writes are temp-file-then-rename, so a kill leaves no partial object).
 *
 * <p>The run is a separate JVM ({@code run --once}, as the launcher starts it) so the kill is a
 * real one: no shutdown hook, no finally block. It is killed after it has reported some outcomes
 * and before it could have finished (the test checks both), so the restart has real work left.
 */
class CrashRecoveryTest {
  private static final int CONVERSATIONS = 160;
  private static final int OUTCOMES_BEFORE_KILL = 30;

  @TempDir Path dir;

  @Test
  void sigkillMidPipeline_thenRestart_completesEveryConversationExactlyOnce() throws Exception {
    Path home = pipelineHome();
    Path data = dir.resolve("data");
    List<String> uuids = dropConversations(home, data);

    Process first = runOnce(home, data);
    int seen = waitForOutcomes(first, OUTCOMES_BEFORE_KILL);
    first.destroyForcibly(); // SIGKILL on Unix
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).as("outcomes reported before the kill").isEqualTo(OUTCOMES_BEFORE_KILL);

    BlobStore store = new LocalTenant(data, "default").store();
    int exportedAtKill = store.list("vcons/crash/export/").size();
    assertThat(exportedAtKill).as("killed mid-run, with work left").isLessThan(CONVERSATIONS);

    Process second = runOnce(home, data);
    String output = drain(second);
    assertThat(second.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(second.exitValue()).as(output).isZero();

    Ledger ledger = new Ledger(store);
    for (String uuid : uuids) {
      assertThat(store.head("vcons/crash/ingest/" + uuid + ".vcon.json")).isPresent();
      assertThat(store.head("vcons/crash/export/" + uuid + ".vcon.json")).isPresent();
      Map<String, Long> recordsPerStage =
          ledger.records(uuid).stream()
              .collect(Collectors.groupingBy(r -> r.path("stage").asText(), Collectors.counting()));
      assertThat(recordsPerStage).as(uuid).containsEntry("ingest", 1L).containsEntry("export", 1L);
      assertThat(ledger.verifyChain(uuid)).as(uuid).isTrue();
    }
    List<String> exported =
        store.list("exports/crash/lake/").stream().map(BlobMetadata::key).toList();
    assertThat(exported).hasSize(CONVERSATIONS);
    for (String prefix : List.of("vcons/crash/ingest/", "vcons/crash/export/")) {
      for (BlobMetadata object : store.list(prefix)) {
        JsonNode vcon = VconJson.codec().read(store.getBytes(object.key(), 1 << 20));
        assertThat(vcon.path("uuid").asText()).isIn(uuids);
      }
    }
    assertThat(store.list("quarantine/")).isEmpty();
  }

  /** A home whose only pipeline is ingest → export to a files sink (no engines: fast and fixed). */
  private Path pipelineHome() throws IOException {
    Path home = dir.resolve("home");
    Path pipelines = Files.createDirectories(home.resolve("terraform/pipelines"));
    Files.writeString(
        pipelines.resolve("crash.json"),
        """
        {"name": "crash",
         "sources": [{"type": "bucket-drop", "name": "drops"}],
         "stages": [
           {"name": "ingest", "function": "ingest", "purpose": "conversation-capture",
            "concurrency": 2},
           {"name": "export", "function": "export", "purpose": "analytics-export",
            "options": {"sinks": ["lake"]}, "concurrency": 2}],
         "sinks": {"lake": {"type": "files", "formats": ["jsonl"]}},
         "retention_days": {"ingest": 30},
         "lawful_basis_default": "legitimate_interest"}
        """);
    return home;
  }

  /** Web-chat vCons under fresh uuids, dropped into the inbox with the real CLI. */
  private List<String> dropConversations(Path home, Path data) throws IOException {
    ObjectNode template =
        (ObjectNode)
            VconJson.codec()
                .read(
                    Files.readAllBytes(
                        Path.of("../../events/conversations/web-chat.vcon.json")
                            .toAbsolutePath()
                            .normalize()));
    Path drops = Files.createDirectories(dir.resolve("drops"));
    List<String> uuids = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of("ingest", "--data", data.toString()));
    args.addAll(List.of("--pipeline", "crash"));
    for (int i = 0; i < CONVERSATIONS; i++) {
      ObjectNode vcon = template.deepCopy();
      String uuid = VconUuid.generate("crash.conserver.invalid").toString();
      vcon.put("uuid", uuid);
      Path file = drops.resolve(uuid + ".vcon.json");
      Files.write(file, VconJson.codec().write(vcon));
      uuids.add(uuid);
      args.add(file.toString());
    }
    String previousHome = System.getProperty("conserver.home");
    System.setProperty("conserver.home", home.toString());
    try {
      CliRun ingest = CliRun.of(args.toArray(String[]::new));
      assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    } finally {
      if (previousHome == null) {
        System.clearProperty("conserver.home");
      } else {
        System.setProperty("conserver.home", previousHome);
      }
    }
    return uuids;
  }

  /** {@code conserver run --once} in its own JVM, on this test's class path. */
  private static Process runOnce(Path home, Path data) throws IOException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dconserver.home=" + home,
            ConserverCli.class.getName(),
            "run",
            "--once",
            "--pipeline",
            "crash",
            "--data",
            data.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = new HashMap<>(builder.environment());
    env.keySet().removeIf(k -> k.startsWith("CONSERVER_"));
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Reads progress lines ({@code [ n] pipeline stage outcome name}) until {@code count}. */
  private static int waitForOutcomes(Process process, int count) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    int seen = 0;
    for (String line; seen < count && (line = lines.readLine()) != null; ) {
      if (line.matches("\\[\\s*\\d+] .*")) {
        seen++;
      }
    }
    return seen;
  }

  private static String drain(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
