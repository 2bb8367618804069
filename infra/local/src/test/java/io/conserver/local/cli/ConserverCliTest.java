package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConserverCliTest {
  @TempDir Path dir;

  @Test
  void noArguments_printsHelpListingTheCommands() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: conserver").contains("hash").contains("--tenant");
  }

  @Test
  void unknownCommand_isAUsageError_withExitCode2_onStderr() {
    CliRun run = CliRun.of("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("frobnicate").contains("--help");
  }

  @Test
  void tenantThatCouldEscapeItsFolder_isRefusedAsUsageError() {
    CliRun run = CliRun.of("--tenant", "../other", "hash", "x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--tenant must be");
  }

  @Test
  void globalOptions_areAcceptedAfterTheCommandName() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "abc");

    CliRun run = CliRun.of("hash", "--tenant", "acme", "--pipeline", "sales", file.toString());

    assertThat(run.exitCode()).isZero();
  }

  @Test
  void hash_printsTheSha512ContentHashOnStdout() throws Exception {
    Path file = Files.writeString(dir.resolve("abc.txt"), "abc");

    CliRun run = CliRun.of("hash", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip())
        .isEqualTo(
            "sha512-3a81oZNherrMQXNJriBBMRLm-k6JqX6iCp7u5ktV05ohkpkqJ0_BqDa6PCOj_uu9RU1EI2Q86A4qmslPpUyknw");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void missingFile_isOneLineOnStderr_exit1_noStackTrace() {
    CliRun run = CliRun.of("hash", dir.resolve("absent.wav").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).endsWith("absent.wav: no such file").doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }
}
