package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/tenants/example-hybrid and the two declarations it deploys: the on-premise half
 * (k8s-tenant, hybrid-onprem) hands redacted vCons to the cloud half (aws-tenant, hybrid-cloud)
 * through its inbox, with an identity that may write that hand-off prefix and nothing else.
 */
class HybridTenantTest {
  static Hcl.Module example;
  static JsonNode onPremises;
  static JsonNode cloud;

  @BeforeAll
  static void load() {
    example = Hcl.module("tenants/example-hybrid");
    onPremises = Repo.readJson(Repo.terraform().resolve("pipelines/hybrid-onprem.json"));
    cloud = Repo.readJson(Repo.terraform().resolve("pipelines/hybrid-cloud.json"));
  }

  private static JsonNode handOffStage() {
    List<JsonNode> stages = new ArrayList<>();
    onPremises.get("stages").forEach(stages::add);
    return stages.stream()
        .filter(s -> s.get("function").asText().equals("export-to-cloud"))
        .reduce(
            (a, b) -> {
              throw new AssertionError("one export-to-cloud stage");
            })
        .orElseThrow();
  }

  @Test
  void onPremises_transcribesAndRedacts_beforeTheOnlyStageThatLeaves() {
    List<String> functions = new ArrayList<>();
    onPremises.get("stages").forEach(s -> functions.add(s.get("function").asText()));
    assertThat(functions).containsExactly("ingest", "transcribe", "redact", "export-to-cloud");
    assertThat(onPremises.at("/stages/1/options/engine").asText()).isEqualTo("pocketsphinx");
    JsonNode options = handOffStage().get("options");
    assertThat(options.get("media").asText()).as("no recording leaves").isEqualTo("none");
    assertThat(options.get("account").asText()).isEqualTo("tenant");
    assertThat(options.get("pipeline").asText()).isEqualTo(cloud.get("name").asText());
    // Nothing but references: the bucket and region come from k8s-tenant, the key from a Secret.
    for (String value : Hcl.strings(options)) {
      if (!List.of("s3", "tenant", "none", "hybrid-cloud").contains(value)) {
        assertThat(value).startsWith("env:CONSERVER_CLOUD_");
      }
    }
    assertThat(handOffStage().has("allow_unredacted_outside")).isFalse();
  }

  @Test
  void cloudHalf_startsFromItsInbox_andNeverTranscribes() {
    List<String> functions = new ArrayList<>();
    cloud.get("stages").forEach(s -> functions.add(s.get("function").asText()));
    assertThat(functions).containsExactly("ingest", "analyze", "export");
  }

  @Test
  void example_deploysTheHalvesWithTheirModulesAndDeclarations() {
    JsonNode premises = example.moduleCall("premises");
    assertThat(Hcl.text(premises.get("source"))).isEqualTo("../../modules/k8s-tenant");
    assertThat(Hcl.text(premises.get("pipeline_files"))).contains("/hybrid-onprem.json");
    assertThat(Hcl.text(premises.get("cloud_export"))).contains("${module.cloud.bucket_name}");
    assertThat(Hcl.text(premises.get("cloud_credentials_secret_id")))
        .isEqualTo("${var.cloud_credentials_secret_id}");
    JsonNode cloudHalf = example.moduleCall("cloud");
    assertThat(Hcl.text(cloudHalf.get("source"))).isEqualTo("../../modules/aws-tenant");
    assertThat(Hcl.text(cloudHalf.get("pipeline_files"))).contains("/hybrid-cloud.json");
    Set<String> packaged = new TreeSet<>();
    Hcl.first(cloudHalf.get("function_packages")).fieldNames().forEachRemaining(packaged::add);
    Set<String> images = new TreeSet<>();
    Hcl.first(cloudHalf.get("function_images")).fieldNames().forEachRemaining(images::add);
    assertThat(images).as("analyze's model needs an image").containsExactly("analyze");
    assertThat(packaged).doesNotContainAnyElementsOf(images);
    Set<String> used = new TreeSet<>();
    cloud.get("stages").forEach(s -> used.add(s.get("function").asText()));
    Set<String> deployed = new TreeSet<>(packaged);
    deployed.addAll(images);
    assertThat(deployed).as("every cloud function has a package or an image").isEqualTo(used);
    // The names k8s-tenant sets are the ones the declaration references.
    String services = Hcl.module("modules/k8s-tenant").text("main.tf");
    for (String value : Hcl.strings(handOffStage().get("options"))) {
      if (value.startsWith("env:CONSERVER_CLOUD_") && !value.contains("_KEY")) {
        assertThat(services).contains("\"" + value.substring(4) + "\"");
      }
    }
  }

  @Test
  void theExportersCloudIdentity_writesTheHandOffAndEraseRequestPrefixesOnly() {
    String handoff = cloud.get("name").asText() + "/from-" + onPremises.get("name").asText() + "/";
    assertThat(Hcl.text(example.local("handoff_prefix"))).isEqualTo("inbox/" + handoff);
    // The shape HandoffErase (shared/compliance) writes and reads erase requests and answers in.
    assertThat(Hcl.text(example.local("erase_request_prefix")))
        .isEqualTo("requests/handoff-erase/" + handoff);
    assertThat(Hcl.text(example.local("erase_answer_prefix")))
        .isEqualTo("receipts/handoff-erase/" + handoff);
    JsonNode policy = example.data("aws_iam_policy_document", "cloud_exporter");
    Set<String> readable = new TreeSet<>();
    for (JsonNode statement : Hcl.nested(policy, "statement")) {
      List<String> actions = Hcl.strings(statement.get("actions"));
      assertThat(actions).doesNotContain("s3:*", "s3:DeleteObject", "kms:*");
      if (actions.contains("s3:PutObject")) {
        assertThat(Hcl.strings(statement.get("resources")))
            .containsExactly(
                "${module.cloud.bucket_arn}/${local.handoff_prefix}*",
                "${module.cloud.bucket_arn}/${local.erase_request_prefix}*");
      }
      if (actions.contains("s3:GetObject")) {
        readable.addAll(Hcl.strings(statement.get("resources")));
      }
      if (actions.contains("s3:ListBucket")) {
        assertThat(Hcl.strings(Hcl.first(statement.get("condition")).get("values")))
            .containsExactlyInAnyOrder(
                "${local.handoff_prefix}*",
                "${local.erase_request_prefix}*",
                "${local.erase_answer_prefix}*");
      }
    }
    assertThat(readable)
        .as("the cloud's answers are readable, never writable, from premises")
        .containsExactlyInAnyOrder(
            "${module.cloud.bucket_arn}/${local.handoff_prefix}*",
            "${module.cloud.bucket_arn}/${local.erase_request_prefix}*",
            "${module.cloud.bucket_arn}/${local.erase_answer_prefix}*");
    assertThat(example.resources("aws_iam_access_key"))
        .as("the access key is created outside Terraform, so it never enters the state")
        .isEmpty();
  }
}
