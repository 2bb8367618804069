package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teams command's help and its configuration errors (the Graph calls themselves are tested in
 * functions/ingest TeamsSubscriptionsTest against the Graph contract fake).
 */
class TeamsCommandTest {
  @TempDir Path dir;

  @BeforeAll
  static void repositoryDeclarations() {
    System.setProperty("conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
  }

  @Test
  void helpNamesTheSubcommandsAndTheCron() {
    CliRun run = CliRun.of("teams", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("subscribe", "renew", "list", "unsubscribe")
        .contains("conserver teams renew")
        .contains("sources/teams/subscriptions.json");
    assertThat(CliRun.of("--help").out()).contains("teams");
  }

  @Test
  void aPipelineWithoutTheGraphAppIsAOneLineError() {
    CliRun run = CliRun.of("teams", "list", "--data", dir.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err())
        .contains("has no options.fetch_media.teams")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void subscribeNeedsAnHttpsUrlAndTheTenantsClientState() {
    CliRun plain = CliRun.of("teams", "subscribe", "--url", "http://h/x", "--data", dir.toString());
    assertThat(plain.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(plain.err()).contains("--url must be an https url");

    CliRun noState =
        CliRun.of(
            "teams",
            "subscribe",
            "--url",
            "https://h/v1/default/sources/teams",
            "--data",
            dir.toString());
    assertThat(noState.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(noState.err()).contains("webhooks.teams.client_state_ref");
  }
}
