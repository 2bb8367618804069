package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Teams subscription renewal on a schedule (functions/ingest TeamsRenewFunction): on AWS an
 * EventBridge rule invoking the function {@code teams-renew} of the ingest package, on Google Cloud
 * Cloud Scheduler → Pub/Sub → Eventarc → {@code teams-renew-cloudevent}; every resource of it
 * exists iff the pipeline module lists a pipeline with a Teams source ({@code
 * options.fetch_media.teams} on an ingest stage), which terraform evaluates here on real
 * declarations.
 */
class TeamsRenewalWiringTest {
  private static final String RENEW = "${local.teams_pipeline == null ? 0 : 1}";
  private static Hcl.Module aws;
  private static Hcl.Module gcp;

  @BeforeAll
  static void load() {
    aws = Hcl.module("modules/aws-tenant");
    gcp = Hcl.module("modules/gcp-tenant");
  }

  @Test
  void theTeamsPipelines_areThoseWhoseIngestStageNamesTheGraphApp() {
    Path teams = Repo.checks().resolve("src/test/resources/pipelines/teams-meetings.json");
    Path shipped = Repo.terraform().resolve("pipelines/default.json");
    Path transcribe = Repo.checks().resolve("src/test/resources/pipelines/aws-transcribe.json");

    assertThat(texts(TerraformCli.evaluatePipelines(List.of(shipped, teams))))
        .containsExactly("meetings");
    assertThat(texts(TerraformCli.evaluatePipelines(List.of(shipped)))).isEmpty();
    assertThat(texts(TerraformCli.evaluatePipelines(List.of(transcribe)))).isEmpty();
  }

  @Test
  void bothClouds_deployTheRenewalOnlyForATenantWithATeamsSource() {
    for (Hcl.Module module : List.of(aws, gcp)) {
      assertThat(Hcl.text(module.local("teams_pipeline")))
          .contains("module.pipeline.teams_pipelines[0]")
          .contains("length(module.pipeline.teams_pipelines) > 0");
      List<String> wired = new ArrayList<>();
      for (Hcl.Block block : module.resources()) {
        if (block.name().startsWith("teams_renew")) {
          assertThat(Hcl.text(block.body().get("count"))).as(block.address()).isEqualTo(RENEW);
          wired.add(block.address());
        }
      }
      assertThat(wired).as("the renewal's resources").hasSizeGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void aws_anEventBridgeRuleEveryTenMinutes_invokesTeamsRenewOfTheIngestPackage() {
    JsonNode rule = aws.resource("aws_cloudwatch_event_rule", "teams_renew");
    assertThat(Hcl.text(rule.get("schedule_expression"))).isEqualTo("${var.teams_renew_schedule}");
    assertThat(aws.variable("teams_renew_schedule").get("default").textValue())
        .isEqualTo("rate(10 minutes)");
    JsonNode target = aws.resource("aws_cloudwatch_event_target", "teams_renew");
    assertThat(Hcl.text(target.get("arn"))).isEqualTo("${aws_lambda_function.teams_renew[0].arn}");
    assertThat(Hcl.text(target.get("input"))).contains("tenant = var.tenant");
    JsonNode permission = aws.resource("aws_lambda_permission", "teams_renew_schedule");
    assertThat(permission.get("principal").textValue()).isEqualTo("events.amazonaws.com");
    assertThat(Hcl.text(permission.get("source_arn")))
        .isEqualTo("${aws_cloudwatch_event_rule.teams_renew[0].arn}");

    JsonNode function = aws.resource("aws_lambda_function", "teams_renew");
    assertThat(Hcl.text(function.get("filename")))
        .isEqualTo("${lookup(var.function_packages, \"ingest\", null)}");
    assertThat(Hcl.text(Hcl.first(function.get("environment")).get("variables")))
        .contains("QUARKUS_FUNQY_EXPORT             = \"teams-renew\"")
        .contains(
            "CONSERVER_PIPELINE_JSON          = local.pipelines[local.teams_pipeline].declaration_json")
        .contains("CONSERVER_TEAMS_CLIENT_STATE_REF = var.teams_client_state_ref");
    assertThat(Hcl.text(function.get("lifecycle")))
        .as("a Teams source without the ingest zip fails the plan")
        .contains("contains(keys(var.function_packages),");
    assertThat(
            aws.resource("aws_cloudwatch_metric_alarm", "teams_renew_errors")
                .get("metric_name")
                .textValue())
        .isEqualTo("Errors");

    // Its role reaches the subscription state and lifecycle markers only.
    String policy = Hcl.text(aws.data("aws_iam_policy_document", "teams_renew"));
    assertThat(policy)
        .contains("${local.bucket_arn}/sources/teams/*")
        .doesNotContain("${local.bucket_arn}/*\"");
    assertThat(Hcl.text(aws.variable("teams_client_state_ref").get("validation")))
        .as("only a reference is accepted")
        .contains("(env|config):");
  }

  @Test
  void gcp_cloudSchedulerPublishesEveryTenMinutes_toTheTopicThatTriggersTeamsRenew() {
    JsonNode job = gcp.resource("google_cloud_scheduler_job", "teams_renew");
    assertThat(Hcl.text(job.get("schedule"))).isEqualTo("${var.teams_renew_schedule}");
    assertThat(gcp.variable("teams_renew_schedule").get("default").textValue())
        .isEqualTo("*/10 * * * *");
    assertThat(Hcl.text(Hcl.first(job.get("pubsub_target")).get("topic_name")))
        .isEqualTo("${google_pubsub_topic.teams_renew[0].id}");

    JsonNode function = gcp.resource("google_cloudfunctions2_function", "teams_renew");
    JsonNode trigger = Hcl.first(function.get("event_trigger"));
    assertThat(Hcl.text(trigger.get("pubsub_topic")))
        .isEqualTo("${google_pubsub_topic.teams_renew[0].id}");
    assertThat(trigger.get("event_type").textValue())
        .isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
    JsonNode service = Hcl.first(function.get("service_config"));
    assertThat(Hcl.text(service.get("environment_variables")))
        .contains("QUARKUS_FUNQY_EXPORT             = \"teams-renew-cloudevent\"")
        .contains("CONSERVER_TEAMS_CLIENT_STATE_REF = var.teams_client_state_ref");
    assertThat(Hcl.text(service.get("service_account_email")))
        .isEqualTo("${google_service_account.teams_renew[0].email}");

    JsonNode access = gcp.resource("google_storage_bucket_iam_member", "teams_renew");
    assertThat(Hcl.text(Hcl.first(access.get("condition")).get("expression")))
        .isEqualTo("${local.teams_renew_condition}");
    assertThat(Hcl.text(gcp.local("teams_renew_condition")))
        .contains("sources/teams/")
        .doesNotContain("inbox/");
  }

  private static List<String> texts(JsonNode derived) {
    List<String> out = new ArrayList<>();
    derived.get("teams_pipelines").forEach(n -> out.add(n.textValue()));
    return out;
  }
}
