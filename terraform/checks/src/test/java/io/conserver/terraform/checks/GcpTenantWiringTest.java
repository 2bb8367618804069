package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/modules/gcp-tenant, asserted on its HCL (the Google provider cannot be downloaded
 * here). As for AWS: every per-stage resource iterates local.stages, the pipeline module's stage
 * map, which terraform evaluates in {@link PipelineModuleTest}.
 */
class GcpTenantWiringTest {
  static final String STAGES = "${local.stages}";
  static final String JAR_STAGES = "${local.jar_stages}";
  static final String IMAGE_STAGES = "${local.image_stages}";
  static final String SWEEP_STAGES = "${local.transcribe_sweep_stages}";
  static Hcl.Module gcp;

  @BeforeAll
  static void load() {
    gcp = Hcl.module("modules/gcp-tenant");
  }

  @Test
  void lifecycle_getsTheReceiptKeyAsASecretEnvironmentVariable_andMayReadThatSecret() {
    JsonNode function = gcp.resource("google_cloudfunctions2_function", "lifecycle");
    JsonNode service = Hcl.first(function.get("service_config"));
    assertThat(Hcl.text(service.get("environment_variables")))
        .as("never a plain environment variable")
        .doesNotContain("RECEIPT");
    JsonNode receipt =
        Hcl.nested(service, "secret_environment_variables").stream()
            .filter(s -> "CONSERVER_RECEIPT_KEY".equals(s.get("key").textValue()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CONSERVER_RECEIPT_KEY secret variable"));
    assertThat(Hcl.text(receipt.get("secret"))).isEqualTo("${local.receipt_key_secret_name}");
    assertThat(Hcl.text(receipt.get("project_id")))
        .isEqualTo("${local.receipt_key_secret_project}");
    assertThat(Hcl.text(receipt.get("version"))).isEqualTo("latest");
    assertThat(Hcl.text(function.get("lifecycle"))).contains("var.receipt_key_secret_id != null");
    assertThat(Hcl.text(gcp.variable("receipt_key_secret_id").get("validation")))
        .contains("projects/[^/]+/secrets/");

    JsonNode access =
        gcp.resource("google_secret_manager_secret_iam_member", "lifecycle_receipt_key");
    assertThat(Hcl.text(access.get("secret_id"))).isEqualTo("${var.receipt_key_secret_id}");
    assertThat(access.get("role").textValue()).isEqualTo("roles/secretmanager.secretAccessor");
    assertThat(Hcl.text(access.get("member")))
        .isEqualTo("${google_service_account.lifecycle[0].member}");
    assertThat(Hcl.text(function.get("depends_on")))
        .contains("google_secret_manager_secret_iam_member.lifecycle_receipt_key");
  }

  @Test
  void stageMap_isThePipelineModulesOutput_neverAHandWrittenList() {
    JsonNode call = gcp.moduleCall("pipeline");
    assertThat(Hcl.text(call.get("source"))).isEqualTo("../pipeline");
    assertThat(Hcl.text(call.get("pipeline_files"))).isEqualTo("${var.pipeline_files}");
    assertThat(Hcl.text(gcp.local("stages"))).isEqualTo("${module.pipeline.stages}");
    assertThat(Hcl.text(gcp.local("lifecycle_rules")))
        .isEqualTo("${module.pipeline.lifecycle_rules}");
    Checks.noStageNameLiterals(gcp);
  }

  @Test
  void everyPerStageResource_iteratesTheStageMap() {
    List<String> perStage =
        List.of(
            "google_pubsub_topic.stage",
            "google_pubsub_topic.dead_letter",
            "google_pubsub_subscription.dead_letter",
            "google_pubsub_topic_iam_member.stage_gcs_publisher",
            "google_pubsub_topic_iam_member.dead_letter_gcs_publisher",
            "google_storage_notification.stage",
            "google_storage_notification.dead_letter",
            "google_service_account.stage",
            "google_storage_bucket_iam_member.stage_read",
            "google_storage_bucket_iam_member.stage_create",
            "google_storage_bucket_iam_member.stage_overwrite",
            "google_secret_manager_secret_iam_member.stage",
            "google_cloud_run_service_iam_member.stage_invoker");
    for (String address : perStage) {
      String[] parts = address.split("\\.");
      assertThat(Hcl.text(gcp.resource(parts[0], parts[1]).get("for_each")))
          .as(address)
          .isEqualTo(STAGES);
    }
    // Functions from the jar, services from an image: the two parts of the stage map.
    assertThat(Hcl.text(gcp.resource("google_cloudfunctions2_function", "stage").get("for_each")))
        .isEqualTo(JAR_STAGES);
    assertThat(Hcl.text(gcp.resource("google_cloud_run_v2_service", "stage").get("for_each")))
        .isEqualTo(IMAGE_STAGES);
    assertThat(Hcl.text(gcp.resource("google_eventarc_trigger", "stage").get("for_each")))
        .isEqualTo(IMAGE_STAGES);
    assertThat(Hcl.text(gcp.local("image_stages")))
        .isEqualTo(
            "${{ for k, s in local.stages : k => s if contains(keys(var.function_images), s.function) }}");
    assertThat(Hcl.text(gcp.local("jar_stages")))
        .isEqualTo(
            "${{ for k, s in local.stages : k => s if !contains(keys(var.function_images), s.function) }}");
    for (Hcl.Block block : gcp.resources()) {
      String forEach = Hcl.text(block.body().get("for_each"));
      if (forEach != null) {
        // The stage map or one of its two parts, or the stage map only when alerts have
        // somewhere to go.
        assertThat(
                forEach.equals(STAGES)
                    || forEach.equals(JAR_STAGES)
                    || forEach.equals(IMAGE_STAGES)
                    || forEach.equals(SWEEP_STAGES)
                    || forEach.endsWith(": local.stages}"))
            .as("%s iterates %s", block.address(), forEach)
            .isTrue();
      }
    }
  }

  @Test
  void imageStages_runOnCloudRunFromTheirImage_asTheFunctionStagesDo() {
    JsonNode service = gcp.resource("google_cloud_run_v2_service", "stage");
    assertThat(Hcl.text(service.get("ingress"))).isEqualTo("INGRESS_TRAFFIC_INTERNAL_ONLY");
    JsonNode template = Hcl.first(service.get("template"));
    assertThat(Hcl.text(template.get("service_account")))
        .isEqualTo("${google_service_account.stage[each.key].email}");
    assertThat(Hcl.text(template.get("timeout")))
        .isEqualTo("${min(each.value.timeout_s, local.event_function_max_timeout_s)}s");
    assertThat(Hcl.text(template.get("max_instance_request_concurrency"))).isEqualTo("1");
    assertThat(Hcl.text(Hcl.first(template.get("scaling")).get("max_instance_count")))
        .isEqualTo("${each.value.concurrency}");
    JsonNode container = Hcl.first(template.get("containers"));
    assertThat(Hcl.text(container.get("image")))
        .isEqualTo("${var.function_images[each.value.function]}");
    assertThat(Hcl.text(Hcl.dynamic(container, "env").get(0).get("for_each")))
        .isEqualTo("${local.stage_environment[each.key]}");
    assertThat(container.toString())
        .contains("CONSERVER_PARTY_INDEX_KEY")
        .contains("${local.party_index_key_secret_name}");

    JsonNode trigger = gcp.resource("google_eventarc_trigger", "stage");
    assertThat(Hcl.first(trigger.get("matching_criteria")).get("value").textValue())
        .isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
    assertThat(Hcl.text(Hcl.first(Hcl.first(trigger.get("transport")).get("pubsub")).get("topic")))
        .isEqualTo("${google_pubsub_topic.stage[each.key].id}");
    assertThat(
            Hcl.text(
                Hcl.first(Hcl.first(trigger.get("destination")).get("cloud_run_service"))
                    .get("service")))
        .isEqualTo("${google_cloud_run_v2_service.stage[each.key].name}");
    assertThat(Hcl.text(trigger.get("service_account")))
        .isEqualTo("${google_service_account.trigger.email}");
    // The trigger identity may invoke every stage's service, function or image alike.
    assertThat(
            Hcl.text(
                gcp.resource("google_cloud_run_service_iam_member", "stage_invoker")
                    .get("service")))
        .isEqualTo("${local.stage_names[each.key]}");
  }

  @ParameterizedTest
  @MethodSource("io.conserver.terraform.checks.Checks#pipelineFiles")
  void everyDeclaredStage_getsTopicDeadLetterTopicNotificationFunctionAndServiceAccount(
      Path declaration) {
    everyPerStageResource_iteratesTheStageMap();
    notifications_publishEachStagesInputPrefixToItsTopic();
    Set<String> declared = Checks.declaredStageKeys(declaration);
    JsonNode derived = TerraformCli.evaluatePipelines(List.of(declaration));
    assertThat(PipelineModuleTest.fieldNames(derived.get("stages"))).isEqualTo(declared);

    // The read condition is the widest: its prefixes OR-ed must stay within IAM's 12 operators.
    derived
        .get("stages")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode access = e.getValue().get("access");
              int read = (access.get("read").size() - 1) + (access.get("list").size() - 1) + 3;
              int create = access.get("create").size() - 1;
              int overwrite = access.get("overwrite").size() - 1;
              assertThat(read)
                  .as("%s read condition operators", e.getKey())
                  .isLessThanOrEqualTo(12);
              assertThat(create)
                  .as("%s create condition operators", e.getKey())
                  .isLessThanOrEqualTo(12);
              assertThat(overwrite).isLessThanOrEqualTo(12);
            });
  }

  @Test
  void notifications_publishEachStagesInputPrefixToItsTopic() {
    JsonNode notification = gcp.resource("google_storage_notification", "stage");
    assertThat(Hcl.text(notification.get("object_name_prefix")))
        .isEqualTo("${each.value.input_prefix}");
    assertThat(Hcl.text(notification.get("topic")))
        .isEqualTo("${google_pubsub_topic.stage[each.key].id}");
    assertThat(Hcl.strings(notification.get("event_types"))).containsExactly("OBJECT_FINALIZE");
    assertThat(Hcl.strings(notification.get("depends_on")))
        .containsExactly("${google_pubsub_topic_iam_member.stage_gcs_publisher}");

    JsonNode deadLetter = gcp.resource("google_storage_notification", "dead_letter");
    assertThat(Hcl.text(deadLetter.get("object_name_prefix")))
        .isEqualTo("${each.value.quarantine_prefix}");
    assertThat(Hcl.text(deadLetter.get("topic")))
        .isEqualTo("${google_pubsub_topic.dead_letter[each.key].id}");

    // The Cloud Storage service agent may publish to both topics of every stage.
    for (String binding : List.of("stage_gcs_publisher", "dead_letter_gcs_publisher")) {
      JsonNode member = gcp.resource("google_pubsub_topic_iam_member", binding);
      assertThat(member.get("role").textValue()).isEqualTo("roles/pubsub.publisher");
      assertThat(Hcl.text(member.get("member")))
          .isEqualTo(
              "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}");
    }
  }

  @Test
  void functions_areTriggeredByEventarcFromTheStageTopic_withTheDeclaredSettings() {
    JsonNode function = gcp.resource("google_cloudfunctions2_function", "stage");
    JsonNode trigger = Hcl.first(function.get("event_trigger"));
    assertThat(trigger.get("event_type").textValue())
        .isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
    assertThat(Hcl.text(trigger.get("pubsub_topic")))
        .isEqualTo("${google_pubsub_topic.stage[each.key].id}");
    assertThat(trigger.get("retry_policy").textValue()).isEqualTo("RETRY_POLICY_RETRY");

    JsonNode service = Hcl.first(function.get("service_config"));
    assertThat(Hcl.text(service.get("available_memory"))).isEqualTo("${each.value.memory_mb}M");
    assertThat(Hcl.text(service.get("timeout_seconds")))
        .isEqualTo("${min(each.value.timeout_s, local.event_function_max_timeout_s)}");
    assertThat(Hcl.text(service.get("max_instance_count"))).isEqualTo("${each.value.concurrency}");
    assertThat(Hcl.text(service.get("service_account_email")))
        .isEqualTo("${google_service_account.stage[each.key].email}");
    assertThat(Hcl.text(service.get("environment_variables")))
        .isEqualTo("${local.stage_environment[each.key]}");
    JsonNode secret = Hcl.first(service.get("secret_environment_variables"));
    assertThat(secret.get("key").textValue()).isEqualTo("CONSERVER_PARTY_INDEX_KEY");
    assertThat(Hcl.text(secret.get("secret"))).isEqualTo("${local.party_index_key_secret_name}");

    JsonNode build = Hcl.first(function.get("build_config"));
    assertThat(Hcl.text(build.get("entry_point"))).isEqualTo("${var.function_entry_point}");
    assertThat(Hcl.text(gcp.variable("function_entry_point").get("default")))
        .isEqualTo("io.quarkus.funqy.gcp.functions.FunqyCloudEventsFunction");
    assertThat(Hcl.text(gcp.local("stage_environment")))
        .contains("QUARKUS_FUNQY_EXPORT    = \"${s.function}-cloudevent\"")
        .contains("CONSERVER_STORE         = \"gcs\"")
        .contains("CONSERVER_PIPELINE_JSON = local.pipelines[s.pipeline].declaration_json")
        .contains("CONSERVER_STAGE         = s.stage")
        .contains("CONSERVER_TENANT        = var.tenant")
        .contains("CONSERVER_BUCKET        = google_storage_bucket.this.name");
    Checks.secretVariablesHaveNoDefault(gcp);
  }

  @Test
  void serviceAccounts_reachOnlyTheirStagesPrefixes_throughBucketIamConditions() {
    for (String binding : List.of("stage_read", "stage_create", "stage_overwrite")) {
      JsonNode member = gcp.resource("google_storage_bucket_iam_member", binding);
      assertThat(Hcl.text(member.get("bucket"))).isEqualTo("${google_storage_bucket.this.name}");
      assertThat(Hcl.text(member.get("member")))
          .isEqualTo("${google_service_account.stage[each.key].member}");
      JsonNode condition = Hcl.first(member.get("condition"));
      assertThat(condition).as("%s has an IAM condition", binding).isNotNull();
      assertThat(Hcl.text(condition.get("expression")))
          .startsWith("${local.stage_")
          .endsWith("_condition[each.key]}");
    }
    assertThat(
            gcp.resource("google_storage_bucket_iam_member", "stage_read").get("role").textValue())
        .isEqualTo("roles/storage.objectViewer");
    assertThat(
            gcp.resource("google_storage_bucket_iam_member", "stage_create")
                .get("role")
                .textValue())
        .isEqualTo("roles/storage.objectCreator");
    assertThat(Hcl.text(gcp.local("stage_read_condition")))
        .contains("s.access.read")
        .contains("s.access.list")
        .contains("resource.name.startsWith")
        .contains("storage.googleapis.com/objectListPrefix");
    assertThat(Hcl.text(gcp.local("stage_create_condition"))).contains("s.access.create");
    assertThat(Hcl.text(gcp.local("stage_overwrite_condition"))).contains("s.access.overwrite");
    assertThat(Hcl.text(gcp.local("object_name_prefix")))
        .isEqualTo("projects/_/buckets/${google_storage_bucket.this.name}/objects/");

    // Unconditioned bucket access: the lifecycle function only (it manages the whole bucket).
    for (Hcl.Block member : gcp.resources("google_storage_bucket_iam_member")) {
      if (member.body().get("condition") == null) {
        assertThat(member.name()).isEqualTo("lifecycle");
      }
    }
    // Additive bindings only: an authoritative binding or policy would remove others' access.
    for (String authoritative :
        List.of(
            "google_storage_bucket_iam_binding",
            "google_storage_bucket_iam_policy",
            "google_project_iam_binding",
            "google_project_iam_policy")) {
      assertThat(gcp.resources(authoritative)).as(authoritative).isEmpty();
    }
  }

  @Test
  void projectLevelRoles_areOnlyTheListedAndJustifiedOnes() {
    JsonNode justified = gcp.local("project_roles_justified");
    justified
        .fields()
        .forEachRemaining(e -> assertThat(e.getValue().textValue()).as(e.getKey()).isNotBlank());
    List<Hcl.Block> members = gcp.resources("google_project_iam_member");
    assertThat(members).isNotEmpty();
    for (Hcl.Block member : members) {
      assertThat(justified.has(member.body().get("role").textValue()))
          .as(member.address())
          .isTrue();
    }
  }

  @Test
  void bucketsAreUniformPrivateAndTheDataBucketUsesTheTenantKey() {
    for (Hcl.Block bucket : gcp.resources("google_storage_bucket")) {
      assertThat(bucket.body().get("uniform_bucket_level_access").booleanValue())
          .as(bucket.address())
          .isTrue();
      assertThat(bucket.body().get("public_access_prevention").textValue())
          .as(bucket.address())
          .isEqualTo("enforced");
    }
    JsonNode bucket = gcp.resource("google_storage_bucket", "this");
    assertThat(Hcl.text(Hcl.first(bucket.get("encryption")).get("default_kms_key_name")))
        .isEqualTo("${local.kms_key_id}");
    assertThat(
            Hcl.text(Hcl.first(bucket.get("soft_delete_policy")).get("retention_duration_seconds")))
        .isEqualTo("${var.soft_delete_retention_seconds}");
    for (Hcl.Block topic : gcp.resources("google_pubsub_topic")) {
      assertThat(Hcl.text(topic.body().get("kms_key_name")))
          .as(topic.address())
          .isEqualTo("${local.kms_key_id}");
    }
    assertThat(
            Hcl.text(gcp.resource("google_kms_crypto_key_iam_member", "gcs_agent").get("member")))
        .contains("data.google_storage_project_service_account.gcs.email_address");
  }

  @Test
  void retention_isEveryDerivedRuleAsALifecycleRule_andTheLifecycleFunctionOnASchedule() {
    JsonNode bucket = gcp.resource("google_storage_bucket", "this");
    JsonNode retention =
        Hcl.dynamic(bucket, "lifecycle_rule").stream()
            .filter(r -> "${local.lifecycle_rules}".equals(Hcl.text(r.get("for_each"))))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no lifecycle_rule iterates local.lifecycle_rules"));
    JsonNode content = Hcl.first(retention.get("content"));
    JsonNode condition = Hcl.first(content.get("condition"));
    assertThat(Hcl.text(condition.get("age")))
        .isEqualTo("${lifecycle_rule.value.expire_after_days}");
    assertThat(Hcl.strings(condition.get("matches_prefix")))
        .containsExactly("${lifecycle_rule.value.prefix}");
    assertThat(Hcl.first(content.get("action")).get("type").textValue()).isEqualTo("Delete");

    JsonNode job = gcp.resource("google_cloud_scheduler_job", "lifecycle");
    assertThat(Hcl.text(job.get("schedule"))).isEqualTo("${var.lifecycle_schedule}");
    assertThat(Hcl.text(Hcl.first(job.get("pubsub_target")).get("topic_name")))
        .isEqualTo("${google_pubsub_topic.lifecycle[0].id}");
    JsonNode function = gcp.resource("google_cloudfunctions2_function", "lifecycle");
    assertThat(Hcl.text(Hcl.first(function.get("event_trigger")).get("pubsub_topic")))
        .isEqualTo("${google_pubsub_topic.lifecycle[0].id}");
    assertThat(Hcl.text(Hcl.first(function.get("service_config")).get("environment_variables")))
        .contains("QUARKUS_FUNQY_EXPORT     = \"lifecycle-cloudevent\"");
  }

  @Test
  void googleSttStages_getASweepTick_everyTwoMinutes_onTheirOwnTopic() {
    assertThat(Hcl.text(gcp.local("transcribe_sweep_stages")))
        .contains("for k, s in local.stages")
        .contains("if s.function == \"transcribe\" && s.engine == \"google-stt\"");
    JsonNode job = gcp.resource("google_cloud_scheduler_job", "transcribe_sweep");
    assertThat(Hcl.text(job.get("for_each"))).isEqualTo(SWEEP_STAGES);
    assertThat(Hcl.text(job.get("schedule"))).isEqualTo("*/2 * * * *");
    JsonNode target = Hcl.first(job.get("pubsub_target"));
    // The topic the stage's trigger (function or Cloud Run service) listens to.
    assertThat(Hcl.text(target.get("topic_name")))
        .isEqualTo("${google_pubsub_topic.stage[each.key].id}");
    assertThat(
            Hcl.text(
                Hcl.first(
                        gcp.resource("google_cloudfunctions2_function", "stage")
                            .get("event_trigger"))
                    .get("pubsub_topic")))
        .isEqualTo("${google_pubsub_topic.stage[each.key].id}");
    // The tick JobSweep decodes, naming this tenant's bucket (the function refuses another).
    assertThat(Hcl.text(target.get("data")))
        .contains("sweep = \"jobs\"")
        .contains("bucket = google_storage_bucket.this.name");
  }

  @Test
  void aDeclarationWithTheGoogleSttEngine_isTheOneThatGetsTheSweep() {
    Path declaration = Repo.checks().resolve("src/test/resources/pipelines/google-stt.json");
    JsonNode stages = TerraformCli.evaluatePipelines(List.of(declaration)).get("stages");
    Set<String> swept = new TreeSet<>();
    stages
        .fields()
        .forEachRemaining(
            e -> {
              // The filter of local.transcribe_sweep_stages, on the evaluated stage map.
              if ("transcribe".equals(e.getValue().get("function").textValue())
                  && "google-stt".equals(e.getValue().path("engine").textValue())) {
                swept.add(e.getKey());
              }
            });
    assertThat(swept).containsExactly("calls/transcribe");

    // The shipped pipeline transcribes offline (PocketSphinx): no sweep there.
    JsonNode shipped =
        TerraformCli.evaluatePipelines(List.of(Repo.terraform().resolve("pipelines/default.json")))
            .get("stages");
    assertThat(shipped.get("default/transcribe").get("engine").textValue())
        .isEqualTo("pocketsphinx");
  }

  @Test
  void outputs_nameTheBucketTopicsAndFunctions() {
    Set<String> outputs = new TreeSet<>();
    gcp.blocks("output").forEach(b -> outputs.add(b.name()));
    assertThat(outputs)
        .contains(
            "bucket_name",
            "topic_ids",
            "dead_letter_topic_ids",
            "function_ids",
            "service_account_emails");
  }
}
