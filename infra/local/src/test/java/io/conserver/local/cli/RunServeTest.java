package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} without {@code --once} serves the HTTP API from the infra/server fast-jar; its
 * end-to-end test (a real child server) is {@code RunCommandIT} in infra/server. Here: the
 * mistakes.
 */
class RunServeTest {
  @TempDir Path dir;

  @BeforeEach
  void pointAtTheRepository() {
    System.setProperty("conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
    System.setProperty("conserver.server.jar", dir.resolve("missing/quarkus-run.jar").toString());
  }

  @AfterEach
  void forget() {
    System.clearProperty("conserver.server.jar");
  }

  @Test
  void run_withoutTheServerBuilt_saysHowToBuildIt() {
    CliRun run = CliRun.of("run", "--data", dir.resolve("data").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the HTTP server is not built").contains("infra/server");
  }

  @Test
  void run_refusesAPortOutOfRange() {
    CliRun run = CliRun.of("run", "--port", "70000", "--data", dir.resolve("data").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--port must be between 0 and 65535");
  }
}
