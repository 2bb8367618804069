package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.testing.TestBucket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The k8s-tenant {@code teams-renew} CronJob's container, short of the container: the Dockerfile's
 * entry point run by {@code sh} on the built package with the job's args ({@code --teams-renew})
 * and environment (the Teams declaration in {@code CONSERVER_PIPELINE_JSON}, the Graph secret and
 * client state by reference), against the tenant's bucket on s3proxy. Graph's endpoints are fixed
 * in production code, so the tenant has nothing saved and Graph is not called; the renewal itself
 * is {@code TeamsRenewOnceTest}'s, against Graph's contract fake.
 */
class PackagedTeamsRenewIT {
  private static final TestBucket BUCKET = TestBucket.shared();

  private static Map<String, String> jobEnvironment() {
    Map<String, String> env = new HashMap<>(BUCKET.environment());
    env.put("CONSERVER_PIPELINE", "meetings");
    env.put(
        "CONSERVER_PIPELINE_JSON",
        "{\"name\": \"meetings\", \"stages\": [{\"name\": \"ingest\", \"function\": \"ingest\","
            + " \"options\": {\"fetch_media\": {\"teams\": {\"tenant_id\":"
            + " \"bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f\", \"client_id\":"
            + " \"6731de76-14a6-49ae-97bc-6eba6914391e\", \"client_secret_ref\":"
            + " \"env:TEAMS_CLIENT_SECRET\"}}}}]}");
    env.put("CONSERVER_TEAMS_CLIENT_STATE_REF", "env:TEAMS_CLIENT_STATE");
    env.put("TEAMS_CLIENT_SECRET", "packaged-graph-secret");
    env.put("TEAMS_CLIENT_STATE", "packaged-client-state");
    return env;
  }

  @Test
  void theCronJobsArgs_runOnePass_andExitZeroWithItsCounts() throws Exception {
    Exit exit = KnativeImage.run(jobEnvironment(), "--teams-renew");

    assertThat(exit.status()).as(exit.err()).isZero();
    assertThat(exit.out().lines())
        .as("stdout: the counts alone")
        .containsExactly("{\"renewed\":0,\"recreated\":0,\"failed\":0,\"not_due\":0}");
    assertThat(exit.err())
        .as("the pass's log line, INFO, on stderr")
        .contains("INFO", "teams renew, tenant " + TestBucket.TENANT + ": 0 renewed")
        .doesNotContain("DEBUG", "packaged-graph-secret", "packaged-client-state");
  }

  @Test
  void aDeclarationWithoutTeams_exitsTwo_withOneLine() throws Exception {
    Map<String, String> env = jobEnvironment();
    env.put(
        "CONSERVER_PIPELINE_JSON",
        "{\"name\": \"meetings\", \"stages\": [{\"name\": \"ingest\", \"function\": \"ingest\"}]}");

    Exit exit = KnativeImage.run(env, "--teams-renew");

    assertThat(exit.status()).isEqualTo(OneShot.CONFIGURATION);
    assertThat(exit.out()).isEmpty();
    assertThat(exit.err().lines().filter(l -> l.startsWith("teams renew:")))
        .containsExactly(
            "teams renew: configuration error: pipeline 'meetings' declares no"
                + " options.fetch_media.teams on its ingest stage: nothing to renew with");
  }
}
