package io.conserver.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.testing.TestBucket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Teams subscription renewal in the light package's {@code target/function.zip}, selected as
 * Terraform selects it ({@code QUARKUS_FUNQY_EXPORT=teams-renew}, the Teams declaration in {@code
 * CONSERVER_PIPELINE_JSON}, secrets by reference) and invoked with the EventBridge rule's input
 * under the real Lambda runtime client. The tenant has no saved subscriptions, so Microsoft Graph
 * (not reachable here) is never called: this proves the packaging and configuration, the Graph side
 * is TeamsRenewFunctionTest's (functions/ingest, against the contract fake).
 */
class PackagedTeamsRenewIT {
  @TempDir static Path taskRoot;
  private static TestBucket bucket;

  private static final String TEAMS_PIPELINE =
      "{\"name\":\"meetings\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\","
          + "\"options\":{\"fetch_media\":{\"teams\":{\"tenant_id\":"
          + "\"bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f\",\"client_id\":"
          + "\"6731de76-14a6-49ae-97bc-6eba6914391e\","
          + "\"client_secret_ref\":\"env:TEAMS_CLIENT_SECRET\"}}}}]}";

  private static final Map<String, String> TERRAFORM_ENVIRONMENT =
      Map.of(
          "QUARKUS_FUNQY_EXPORT", "teams-renew",
          "CONSERVER_PIPELINE", "meetings",
          "CONSERVER_PIPELINE_JSON", TEAMS_PIPELINE,
          "CONSERVER_TEAMS_CLIENT_STATE_REF", "env:TEAMS_CLIENT_STATE",
          "TEAMS_CLIENT_SECRET", "packaged-client-secret",
          "TEAMS_CLIENT_STATE", "packaged-client-state");

  @BeforeAll
  static void unpack() throws IOException {
    PackagedFunction.unpack(taskRoot);
    bucket = TestBucket.shared();
  }

  @Test
  void theScheduleTick_runsTeamsRenew_andLogsOneSummaryWithoutSecrets() throws Exception {
    try (PackagedFunction function =
        PackagedFunction.start(taskRoot, bucket, TERRAFORM_ENVIRONMENT)) {
      PackagedFunction.Invocation result =
          function
              .api()
              .invoke("{\"tenant\":\"" + TestBucket.TENANT + "\",\"reason\":\"schedule\"}");

      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isFalse();
      assertThat(result.json().toString())
          .isEqualTo("{\"renewed\":0,\"recreated\":0,\"failed\":0,\"not_due\":0}");
      assertThat(function.output())
          .contains("teams renew, tenant acme: 0 renewed, 0 re-created, 0 failed, 0 not due")
          .doesNotContain("packaged-client-secret")
          .doesNotContain("packaged-client-state");
    }
  }

  @Test
  void anotherTenantsTick_isAnError_theSchedulerSees() throws Exception {
    try (PackagedFunction function =
        PackagedFunction.start(taskRoot, bucket, TERRAFORM_ENVIRONMENT)) {
      PackagedFunction.Invocation result =
          function.api().invoke("{\"tenant\":\"globex\",\"reason\":\"schedule\"}");

      assertThat(result.error()).isTrue();
      assertThat(result.body()).contains("globex");
    }
  }
}
