package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/modules/aws-tenant, asserted on its HCL (the AWS provider cannot be downloaded here, so
 * neither validate nor plan can run it). Every per-stage resource iterates local.stages, which is
 * the pipeline module's stage map; that map is evaluated by {@link PipelineModuleTest}. Together
 * they prove that every declared stage gets its queue, dead-letter queue, trigger, function and
 * role, wired to the prefixes and counts of its declaration.
 */
class AwsTenantWiringTest {
  static final String STAGES = "${local.stages}";
  static final String TRANSCRIBE_STAGES = "${local.transcribe_job_prefixes}";
  static Hcl.Module aws;

  @BeforeAll
  static void load() {
    aws = Hcl.module("modules/aws-tenant");
  }

  @Test
  void stageMap_isThePipelineModulesOutput_neverAHandWrittenList() {
    JsonNode call = aws.moduleCall("pipeline");
    assertThat(Hcl.text(call.get("source"))).isEqualTo("../pipeline");
    assertThat(Hcl.text(call.get("pipeline_files"))).isEqualTo("${var.pipeline_files}");
    assertThat(Hcl.text(call.get("grace_days"))).isEqualTo("${var.grace_days}");
    assertThat(Hcl.text(aws.local("stages"))).isEqualTo("${module.pipeline.stages}");
    assertThat(Hcl.text(aws.local("lifecycle_rules")))
        .isEqualTo("${module.pipeline.lifecycle_rules}");
    Checks.noStageNameLiterals(aws);
  }

  @Test
  void everyPerStageResource_iteratesTheStageMap() {
    List<String> perStage =
        List.of(
            "aws_sqs_queue.stage",
            "aws_sqs_queue.dead_letter",
            "aws_sqs_queue_policy.stage",
            "aws_sqs_queue_redrive_allow_policy.dead_letter",
            "aws_lambda_function.stage",
            "aws_lambda_alias.stage",
            "aws_lambda_event_source_mapping.stage",
            "aws_iam_role.stage",
            "aws_iam_role_policy.stage",
            "aws_cloudwatch_log_group.stage",
            "aws_cloudwatch_metric_alarm.dead_letter",
            "aws_cloudwatch_metric_alarm.function_errors");
    for (String address : perStage) {
      String[] parts = address.split("\\.");
      assertThat(Hcl.text(aws.resource(parts[0], parts[1]).get("for_each")))
          .as(address)
          .isEqualTo(STAGES);
    }
    assertThat(Hcl.text(aws.data("aws_iam_policy_document", "stage").get("for_each")))
        .isEqualTo(STAGES);
    // Whatever iterates in this module iterates the stage map, a part of it derived here (the
    // aws-transcribe stages), the image repositories, or is the optional lifecycle function
    // (count).
    for (Hcl.Block block : aws.resources()) {
      String forEach = Hcl.text(block.body().get("for_each"));
      if (forEach != null) {
        assertThat(forEach)
            .as(block.address())
            .isIn(
                STAGES,
                TRANSCRIBE_STAGES,
                "${var.manage_ecr_repository_policy ? local.ecr_repositories : toset([])}");
      }
    }
    assertThat(Hcl.text(aws.local("transcribe_job_prefixes")))
        .contains("for k, s in local.stages")
        .contains("if s.function == \"transcribe\" && s.engine == \"aws-transcribe\"");
  }

  @ParameterizedTest
  @MethodSource("io.conserver.terraform.checks.Checks#pipelineFiles")
  void everyDeclaredStage_getsQueueDeadLetterQueueTriggerFunctionAndRole(Path declaration) {
    // The resources exist once per entry of the stage map ...
    everyPerStageResource_iteratesTheStageMap();
    notification_isOneResourceWithAQueueBlockPerStageOnItsInputPrefix();
    // ... and the stage map has exactly the declared stages.
    Set<String> declared = Checks.declaredStageKeys(declaration);
    JsonNode stages = TerraformCli.evaluatePipelines(List.of(declaration)).get("stages");
    assertThat(PipelineModuleTest.fieldNames(stages)).isEqualTo(declared);
  }

  @Test
  void notification_isOneResourceWithAQueueBlockPerStageOnItsInputPrefix() {
    List<Hcl.Block> notifications = new ArrayList<>();
    for (String folder : List.of("modules/aws-tenant", "tenants/example-aws")) {
      notifications.addAll(Hcl.module(folder).resources("aws_s3_bucket_notification"));
    }
    assertThat(notifications).as("S3 keeps one notification configuration per bucket").hasSize(1);
    JsonNode notification = notifications.get(0).body();
    assertThat(notification.get("for_each")).isNull();
    assertThat(notification.get("queue")).as("no hand-written queue block").isNull();
    List<JsonNode> queues = Hcl.dynamic(notification, "queue");
    assertThat(queues).hasSize(1);
    assertThat(Hcl.text(queues.get(0).get("for_each"))).isEqualTo(STAGES);
    JsonNode content = Hcl.first(queues.get(0).get("content"));
    assertThat(Hcl.text(content.get("queue_arn")))
        .isEqualTo("${aws_sqs_queue.stage[queue.key].arn}");
    assertThat(Hcl.text(content.get("filter_prefix"))).isEqualTo("${queue.value.input_prefix}");
    assertThat(Hcl.text(content.get("filter_suffix"))).contains("queue.value.input_suffix");
    assertThat(Hcl.strings(content.get("events"))).containsExactly("s3:ObjectCreated:*");
  }

  @Test
  void queues_redriveToTheirOwnDeadLetterQueueAfterTheDeclaredReceiveCount() {
    JsonNode queue = aws.resource("aws_sqs_queue", "stage");
    String redrive = Hcl.text(queue.get("redrive_policy"));
    assertThat(redrive)
        .contains("deadLetterTargetArn = aws_sqs_queue.dead_letter[each.key].arn")
        .contains("maxReceiveCount     = each.value.max_receive_count");
    assertThat(Hcl.text(queue.get("visibility_timeout_seconds"))).contains("each.value.timeout_s");
  }

  @Test
  void functions_takeMemoryTimeoutConcurrencyAndFunctionFromTheDeclaration() {
    JsonNode lambda = aws.resource("aws_lambda_function", "stage");
    assertThat(Hcl.text(lambda.get("memory_size"))).isEqualTo("${each.value.memory_mb}");
    assertThat(Hcl.text(lambda.get("timeout"))).isEqualTo("${each.value.timeout_s}");
    assertThat(Hcl.text(lambda.get("reserved_concurrent_executions")))
        .contains("each.value.concurrency");
    assertThat(Hcl.text(lambda.get("role"))).isEqualTo("${aws_iam_role.stage[each.key].arn}");
    // A zip from function_packages, or an image from function_images, chosen per stage.
    assertThat(Hcl.text(aws.local("stage_packages")))
        .contains("for k, s in local.stages : k => var.function_packages[s.function]");
    assertThat(Hcl.text(aws.local("stage_images")))
        .contains("for k, s in local.stages : k => var.function_images[s.function]");
    assertThat(Hcl.text(lambda.get("package_type")))
        .isEqualTo("${contains(keys(local.stage_images), each.key) ? \"Image\" : \"Zip\"}");
    assertThat(Hcl.text(lambda.get("image_uri")))
        .isEqualTo("${lookup(local.stage_images, each.key, null)}");
    assertThat(Hcl.text(lambda.get("filename")))
        .contains("lookup(local.stage_packages, each.key, null)");
    assertThat(Hcl.text(lambda.get("handler"))).contains("? null : var.function_handler");
    assertThat(Hcl.text(lambda.get("runtime"))).contains("? null : var.function_runtime");
    assertThat(Hcl.text(lambda.get("lifecycle")))
        .as("a stage whose function no package or image carries fails the plan, named")
        .contains(
            "contains(keys(local.stage_packages), each.key) || contains(keys(local.stage_images), each.key)")
        .contains("var.function_packages and no image in var.function_images")
        .contains("in both var.function_packages and var.function_images");
    assertThat(Hcl.text(lambda.get("kms_key_arn"))).isEqualTo("${aws_kms_key.tenant.arn}");
    assertThat(Hcl.text(Hcl.first(lambda.get("environment")).get("variables")))
        .isEqualTo("${local.stage_environment[each.key]}");
    assertThat(Hcl.text(aws.variable("function_handler").get("default")))
        .isEqualTo("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest");

    String settings = Hcl.text(aws.local("stage_settings"));
    for (String name :
        List.of(
            "CONSERVER_TENANT",
            "CONSERVER_BUCKET",
            "CONSERVER_STORE",
            "CONSERVER_PIPELINE ",
            "CONSERVER_PIPELINE_JSON",
            "CONSERVER_STAGE")) {
      assertThat(settings).contains(name);
    }
    assertThat(settings).contains("QUARKUS_FUNQY_EXPORT    = s.function").contains("\"s3\"");
    assertThat(Hcl.text(aws.local("stage_environment")))
        .contains("CONSERVER_PARTY_INDEX_KEY = local.party_index_key");
  }

  @Test
  void awsTranscribeStages_getTheJobStateRule_invokingTheirFunction_withRetriesAndDeadLetters() {
    JsonNode rule = aws.resource("aws_cloudwatch_event_rule", "transcribe_jobs");
    assertThat(Hcl.text(rule.get("for_each"))).isEqualTo(TRANSCRIBE_STAGES);
    assertThat(Hcl.text(rule.get("event_pattern")))
        .contains("source      = [\"aws.transcribe\"]")
        .contains("detail-type = [\"Transcribe Job State Change\"]")
        .contains("TranscriptionJobStatus = [\"COMPLETED\", \"FAILED\"]")
        .contains("TranscriptionJobName   = [{ prefix = each.value }]");

    JsonNode target = aws.resource("aws_cloudwatch_event_target", "transcribe_jobs");
    assertThat(Hcl.text(target.get("for_each"))).isEqualTo(TRANSCRIBE_STAGES);
    assertThat(Hcl.text(target.get("rule")))
        .isEqualTo("${aws_cloudwatch_event_rule.transcribe_jobs[each.key].name}");
    assertThat(Hcl.text(target.get("arn"))).isEqualTo("${aws_lambda_alias.stage[each.key].arn}");
    assertThat(Hcl.first(target.get("retry_policy"))).isNotNull();

    JsonNode permission = aws.resource("aws_lambda_permission", "transcribe_jobs");
    assertThat(Hcl.text(permission.get("for_each"))).isEqualTo(TRANSCRIBE_STAGES);
    assertThat(Hcl.text(permission.get("principal"))).isEqualTo("events.amazonaws.com");
    assertThat(Hcl.text(permission.get("action"))).isEqualTo("lambda:InvokeFunction");
    assertThat(Hcl.text(permission.get("source_arn")))
        .isEqualTo("${aws_cloudwatch_event_rule.transcribe_jobs[each.key].arn}");
    assertThat(Hcl.text(permission.get("function_name")))
        .isEqualTo("${aws_lambda_function.stage[each.key].function_name}");
    assertThat(Hcl.text(permission.get("qualifier")))
        .isEqualTo("${aws_lambda_alias.stage[each.key].name}");

    JsonNode invoke = aws.resource("aws_lambda_function_event_invoke_config", "transcribe_jobs");
    assertThat(Hcl.text(invoke.get("for_each"))).isEqualTo(TRANSCRIBE_STAGES);
    assertThat(Hcl.text(invoke.get("qualifier")))
        .isEqualTo("${aws_lambda_alias.stage[each.key].name}");
    JsonNode onFailure = Hcl.first(Hcl.first(invoke.get("destination_config")).get("on_failure"));
    assertThat(Hcl.text(onFailure.get("destination")))
        .isEqualTo("${aws_sqs_queue.dead_letter[each.key].arn}");

    // The engine names its jobs with the prefix the rule matches, and may start and read them.
    assertThat(Hcl.text(aws.local("stage_settings")))
        .contains("CONSERVER_AWS_TRANSCRIBE_JOB_PREFIX = local.transcribe_job_prefixes[k]");
    String policy = Hcl.text(aws.data("aws_iam_policy_document", "stage").get("dynamic"));
    assertThat(policy == null ? aws.data("aws_iam_policy_document", "stage").toString() : policy)
        .contains("transcribe:StartTranscriptionJob")
        .contains("transcription-job/${statement.value}*")
        .contains("FailedCompletionsToOwnDeadLetterQueue");
  }

  @Test
  void awsTranscribeStages_getTheSweepTick_forJobsWhoseEventNeverCame() {
    JsonNode rule = aws.resource("aws_cloudwatch_event_rule", "transcribe_sweep");
    assertThat(Hcl.text(rule.get("for_each"))).isEqualTo(TRANSCRIBE_STAGES);
    assertThat(Hcl.text(rule.get("schedule_expression"))).isEqualTo("rate(30 minutes)");

    JsonNode target = aws.resource("aws_cloudwatch_event_target", "transcribe_sweep");
    assertThat(Hcl.text(target.get("for_each"))).isEqualTo(TRANSCRIBE_STAGES);
    assertThat(Hcl.text(target.get("arn"))).isEqualTo("${aws_lambda_alias.stage[each.key].arn}");
    assertThat(Hcl.text(target.get("input")))
        .contains("sweep = \"jobs\"")
        .contains("bucket = aws_s3_bucket.this.id");

    JsonNode permission = aws.resource("aws_lambda_permission", "transcribe_sweep");
    assertThat(Hcl.text(permission.get("principal"))).isEqualTo("events.amazonaws.com");
    assertThat(Hcl.text(permission.get("statement_id"))).isEqualTo("TranscribeJobSweep");
    assertThat(Hcl.text(permission.get("qualifier")))
        .as("the permission covers the alias the target invokes")
        .isEqualTo("${aws_lambda_alias.stage[each.key].name}");
    assertThat(Hcl.text(permission.get("source_arn")))
        .isEqualTo("${aws_cloudwatch_event_rule.transcribe_sweep[each.key].arn}");
  }

  @Test
  void aDeclarationWithTheAwsTranscribeEngine_isTheOneThatGetsTheRule() {
    Path declaration = Repo.checks().resolve("src/test/resources/pipelines/aws-transcribe.json");
    JsonNode stages = TerraformCli.evaluatePipelines(List.of(declaration)).get("stages");
    List<String> ruleStages = new ArrayList<>();
    stages
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode s = e.getValue();
              // The filter of local.transcribe_job_prefixes, on the evaluated stage map.
              if ("transcribe".equals(s.get("function").textValue())
                  && "aws-transcribe".equals(s.path("engine").textValue())) {
                ruleStages.add(e.getKey());
              }
            });
    assertThat(ruleStages).containsExactly("calls/transcribe");
    assertThat(stages.get("calls/transcribe").get("job_prefix").isNull()).isTrue();

    // The shipped pipeline transcribes offline (PocketSphinx): no rule there.
    JsonNode shipped =
        TerraformCli.evaluatePipelines(List.of(Repo.terraform().resolve("pipelines/default.json")))
            .get("stages");
    assertThat(shipped.get("default/transcribe").get("engine").textValue())
        .isEqualTo("pocketsphinx");
  }

  @Test
  void imageStages_arePulledWithARepositoryPolicyForTheLambdaService_onlyWhenAsked() {
    JsonNode policy = aws.resource("aws_ecr_repository_policy", "functions");
    assertThat(Hcl.text(policy.get("policy")))
        .isEqualTo("${data.aws_iam_policy_document.ecr_pull.json}");
    String pull = aws.data("aws_iam_policy_document", "ecr_pull").toString();
    assertThat(pull)
        .contains("ecr:BatchGetImage")
        .contains("ecr:GetDownloadUrlForLayer")
        .contains("lambda.amazonaws.com")
        .contains("function:${var.name_prefix}-*");
    assertThat(Hcl.text(aws.variable("manage_ecr_repository_policy").get("default")))
        .isEqualTo("false");
  }

  @Test
  void partyIndexKey_comesFromSecretsManager_neverFromAVariableDefault() {
    String key = Hcl.text(aws.local("party_index_key"));
    assertThat(key)
        .contains("aws_secretsmanager_secret_version.party_index_key[0].secret_string")
        .contains("data.aws_secretsmanager_secret_version.party_index_key[0].secret_string")
        .startsWith("${sensitive(");
    Checks.secretVariablesHaveNoDefault(aws);
  }

  @Test
  void zipStages_runWithSnapStart_andTheTriggersInvokeThePublishedVersion() {
    JsonNode lambda = aws.resource("aws_lambda_function", "stage");
    assertThat(Hcl.text(aws.variable("snap_start").get("default"))).isEqualTo("true");
    assertThat(Hcl.text(lambda.get("publish"))).isEqualTo("${var.snap_start}");
    List<JsonNode> snapStart = Hcl.dynamic(lambda, "snap_start");
    assertThat(snapStart).hasSize(1);
    assertThat(Hcl.text(snapStart.get(0).get("for_each")))
        .as("on when asked, for zips only: images cannot use SnapStart")
        .contains("var.snap_start")
        .contains("!contains(keys(local.stage_images), each.key)");
    assertThat(Hcl.text(Hcl.nested(lambda, "snap_start").get(0).get("apply_on")))
        .isEqualTo("PublishedVersions");
    // SnapStart applies to published versions only: every trigger goes through the alias.
    JsonNode alias = aws.resource("aws_lambda_alias", "stage");
    assertThat(Hcl.text(alias.get("function_version")))
        .isEqualTo("${var.snap_start ? aws_lambda_function.stage[each.key].version : \"$LATEST\"}");
    for (Hcl.Block block : aws.resources()) {
      assertThat(block.body().toString())
          .as(block.address() + " invokes the alias, not the unpublished function")
          .doesNotContain("aws_lambda_function.stage[each.key].arn");
    }
  }

  @Test
  void eventSourceMappings_reportBatchItemFailuresFromTheStageQueue() {
    JsonNode mapping = aws.resource("aws_lambda_event_source_mapping", "stage");
    assertThat(Hcl.strings(mapping.get("function_response_types")))
        .containsExactly("ReportBatchItemFailures");
    assertThat(Hcl.text(mapping.get("event_source_arn")))
        .isEqualTo("${aws_sqs_queue.stage[each.key].arn}");
    assertThat(Hcl.text(mapping.get("function_name")))
        .isEqualTo("${aws_lambda_alias.stage[each.key].arn}");
    JsonNode scaling = Hcl.dynamic(mapping, "scaling_config").get(0);
    assertThat(Hcl.text(scaling.get("for_each"))).contains("each.value.concurrency");
  }

  @Test
  void stageRoles_reachOnlyTheirOwnPrefixesQueueLogsAndKey() {
    JsonNode policy = aws.data("aws_iam_policy_document", "stage");
    List<JsonNode> statements = Hcl.nested(policy, "statement");
    for (JsonNode statement : statements) {
      List<String> actions = Hcl.strings(statement.get("actions"));
      String resources = Hcl.text(statement.get("resources"));
      if (actions.stream().anyMatch(a -> a.startsWith("s3:") && !a.equals("s3:ListBucket"))) {
        // Object actions: only on prefixes the pipeline module lists for this stage.
        assertThat(resources)
            .contains("each.value.access.")
            .doesNotContain("${local.bucket_arn}/*\"");
        assertThat(actions).doesNotContain("s3:DeleteObject", "s3:*");
      }
      if (actions.contains("s3:ListBucket")) {
        assertThat(Hcl.strings(statement.get("resources"))).containsExactly("${local.bucket_arn}");
      }
      if (actions.stream().anyMatch(a -> a.startsWith("sqs:"))) {
        // Its own queue; and its own dead-letter queue, to send to only (failed completions).
        assertThat(Hcl.strings(statement.get("resources")))
            .containsExactly(
                actions.equals(List.of("sqs:SendMessage"))
                    ? "${aws_sqs_queue.dead_letter[each.key].arn}"
                    : "${aws_sqs_queue.stage[each.key].arn}");
      }
      if (actions.stream().anyMatch(a -> a.startsWith("kms:"))) {
        assertThat(Hcl.strings(statement.get("resources")))
            .containsExactly("${aws_kms_key.tenant.arn}");
      }
      if (actions.stream().anyMatch(a -> a.startsWith("logs:"))) {
        assertThat(Hcl.strings(statement.get("resources")))
            .containsExactly("${aws_cloudwatch_log_group.stage[each.key].arn}:*");
      }
    }
    assertThat(Hcl.text(aws.resource("aws_iam_role_policy", "stage").get("role")))
        .isEqualTo("${aws_iam_role.stage[each.key].id}");
  }

  @Test
  void noPolicyGrantsAWildcardResource_exceptTheListedActionsAndKeyPolicies() {
    JsonNode allowList = aws.local("actions_without_resource_scope");
    assertThat(allowList.isObject()).as("one allow-list, a map action => reason").isTrue();
    allowList
        .fields()
        .forEachRemaining(e -> assertThat(e.getValue().textValue()).as(e.getKey()).isNotBlank());
    Set<String> keyPolicies = new TreeSet<>(Hcl.strings(aws.local("key_policy_documents")));
    // The documents named as key policies are exactly the ones attached to keys.
    Set<String> attached = new TreeSet<>();
    for (Hcl.Block key : aws.resources("aws_kms_key")) {
      String policy = Hcl.text(key.body().get("policy"));
      attached.add(policy.replace("${data.aws_iam_policy_document.", "").replace(".json}", ""));
    }
    assertThat(attached).isEqualTo(keyPolicies);

    int wildcards = 0;
    for (Hcl.Block document : aws.data("aws_iam_policy_document")) {
      for (JsonNode statement : Hcl.nested(document.body(), "statement")) {
        if (!Hcl.strings(statement.get("resources")).contains("*")) {
          continue;
        }
        wildcards++;
        if (keyPolicies.contains(document.name())) {
          continue; // in a key policy, "*" is the key itself
        }
        String actions = Hcl.text(statement.get("actions"));
        List<String> literal = Hcl.strings(statement.get("actions"));
        assertThat(
                actions.equals("${keys(local.actions_without_resource_scope)}")
                    || literal.stream().allMatch(allowList::has))
            .as("%s grants %s on Resource \"*\"", document.address(), actions)
            .isTrue();
      }
    }
    assertThat(wildcards).isPositive();
    // No policy written as raw JSON slips past the documents.
    Checks.noRawJsonWildcardPolicies(aws);
  }

  @Test
  void bucketIsEncryptedWithTheTenantKey_privateAndTlsOnly() {
    JsonNode sse = aws.resource("aws_s3_bucket_server_side_encryption_configuration", "this");
    JsonNode byDefault =
        Hcl.first(Hcl.first(sse.get("rule")).get("apply_server_side_encryption_by_default"));
    assertThat(byDefault.get("sse_algorithm").textValue()).isEqualTo("aws:kms");
    assertThat(Hcl.text(byDefault.get("kms_master_key_id"))).isEqualTo("${aws_kms_key.tenant.arn}");
    assertThat(aws.resource("aws_kms_key", "tenant").get("enable_key_rotation").booleanValue())
        .isTrue();

    JsonNode block = aws.resource("aws_s3_bucket_public_access_block", "this");
    for (String flag :
        List.of(
            "block_public_acls",
            "block_public_policy",
            "ignore_public_acls",
            "restrict_public_buckets")) {
      assertThat(block.get(flag).booleanValue()).as(flag).isTrue();
    }
    assertThat(Hcl.text(aws.resource("aws_s3_bucket_policy", "this").get("policy")))
        .isEqualTo("${data.aws_iam_policy_document.bucket_policy.json}");
    boolean tlsOnly = false;
    for (JsonNode statement :
        Hcl.nested(aws.data("aws_iam_policy_document", "bucket_policy"), "statement")) {
      for (JsonNode condition : Hcl.nested(statement, "condition")) {
        if ("aws:SecureTransport".equals(condition.path("variable").textValue())
            && Hcl.strings(condition.get("values")).contains("false")
            && "Deny".equals(statement.path("effect").textValue())) {
          tlsOnly = true;
        }
      }
    }
    assertThat(tlsOnly).as("bucket policy denies requests without TLS").isTrue();
    assertThat(
            Hcl.first(aws.resource("aws_s3_bucket_ownership_controls", "this").get("rule"))
                .get("object_ownership")
                .textValue())
        .isEqualTo("BucketOwnerEnforced");
    for (Hcl.Block queue : aws.resources("aws_sqs_queue")) {
      assertThat(Hcl.text(queue.body().get("kms_master_key_id")))
          .as(queue.address())
          .isEqualTo("${aws_kms_key.tenant.arn}");
    }
    for (Hcl.Block group : aws.resources("aws_cloudwatch_log_group")) {
      assertThat(Hcl.text(group.body().get("kms_key_id")))
          .as(group.address())
          .isEqualTo("${aws_kms_key.tenant.arn}");
    }
    assertThat(
            Hcl.text(
                aws.resource("aws_secretsmanager_secret", "party_index_key").get("kms_key_id")))
        .isEqualTo("${aws_kms_key.tenant.arn}");
  }

  @Test
  void retention_isEveryDerivedRuleAsABucketLifecycleRule_andTheLifecycleFunctionOnASchedule() {
    JsonNode lifecycle = aws.resource("aws_s3_bucket_lifecycle_configuration", "this");
    JsonNode retention =
        Hcl.dynamic(lifecycle, "rule").stream()
            .filter(r -> "${local.lifecycle_rules}".equals(Hcl.text(r.get("for_each"))))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no rule block iterates local.lifecycle_rules"));
    JsonNode content = Hcl.first(retention.get("content"));
    assertThat(Hcl.text(Hcl.first(content.get("filter")).get("prefix")))
        .isEqualTo("${rule.value.prefix}");
    assertThat(Hcl.text(Hcl.first(content.get("expiration")).get("days")))
        .isEqualTo("${rule.value.expire_after_days}");
    assertThat(content.get("status").textValue()).isEqualTo("Enabled");

    JsonNode function = aws.resource("aws_lambda_function", "lifecycle");
    assertThat(Hcl.text(function.get("filename"))).isEqualTo("${var.lifecycle_package}");
    assertThat(Hcl.text(Hcl.first(function.get("environment")).get("variables")))
        .contains("QUARKUS_FUNQY_EXPORT      = \"lifecycle\"");
    assertThat(
            Hcl.text(
                aws.resource("aws_cloudwatch_event_rule", "lifecycle").get("schedule_expression")))
        .isEqualTo("${var.lifecycle_schedule}");
    assertThat(Hcl.text(aws.resource("aws_cloudwatch_event_target", "lifecycle").get("arn")))
        .isEqualTo("${aws_lambda_function.lifecycle[0].arn}");
    assertThat(
            aws.resource("aws_lambda_permission", "lifecycle_schedule")
                .get("principal")
                .textValue())
        .isEqualTo("events.amazonaws.com");
  }

  @Test
  void lifecycle_getsTheReceiptKeyByReference_andMayReadThatSecretOnly() {
    JsonNode function = aws.resource("aws_lambda_function", "lifecycle");
    assertThat(Hcl.text(Hcl.first(function.get("environment")).get("variables")))
        .as("the function gets the secret's ARN, never the key")
        .containsPattern("CONSERVER_RECEIPT_KEY +=  *var.receipt_key_secret_arn\\n")
        .doesNotContain("receipt_key_secret_arn.secret_string");
    assertThat(Hcl.text(function.get("lifecycle")))
        .as("a lifecycle function without a receipt key fails the plan")
        .contains("var.receipt_key_secret_arn != null");
    JsonNode variable = aws.variable("receipt_key_secret_arn");
    assertThat(variable.get("default").isNull()).isTrue();
    assertThat(Hcl.text(variable.get("validation")))
        .as("only an ARN is accepted, so a PEM pasted in is refused")
        .contains("secretsmanager");
    assertThat(aws.data("aws_secretsmanager_secret_version"))
        .as("the module never reads the receipt key itself (it would land in the state)")
        .noneMatch(block -> Hcl.text(block.body()).contains("receipt_key"));

    JsonNode policy = aws.data("aws_iam_policy_document", "lifecycle");
    JsonNode statement =
        Hcl.dynamic(policy, "statement").stream()
            .filter(s -> Hcl.text(s.get("for_each")).contains("receipt_key_secret_arn"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no statement grants the receipt key"));
    JsonNode content = Hcl.first(statement.get("content"));
    assertThat(Hcl.strings(content.get("actions")))
        .containsExactly("secretsmanager:GetSecretValue");
    assertThat(Hcl.strings(content.get("resources"))).containsExactly("${statement.value}");
    // No stage function sees it: only the lifecycle function signs receipts.
    assertThat(Hcl.text(aws.local("stage_environment"))).doesNotContain("RECEIPT");
  }

  @Test
  void alarms_watchEveryDeadLetterQueueAndFunction() {
    JsonNode dlq = aws.resource("aws_cloudwatch_metric_alarm", "dead_letter");
    assertThat(dlq.get("metric_name").textValue()).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(Hcl.text(dlq.get("dimensions")))
        .contains("aws_sqs_queue.dead_letter[each.key].name");
    JsonNode errors = aws.resource("aws_cloudwatch_metric_alarm", "function_errors");
    assertThat(errors.get("metric_name").textValue()).isEqualTo("Errors");
    assertThat(Hcl.text(errors.get("dimensions")))
        .contains("aws_lambda_function.stage[each.key].function_name");
  }

  @Test
  void outputs_nameTheBucketQueuesAndFunctions() {
    Set<String> outputs = new TreeSet<>();
    aws.blocks("output").forEach(b -> outputs.add(b.name()));
    assertThat(outputs)
        .contains(
            "bucket_name",
            "bucket_arn",
            "queue_arns",
            "dead_letter_queue_arns",
            "function_arns",
            "role_arns");
    Map.of("queue_arns", "aws_sqs_queue.stage", "function_arns", "aws_lambda_function.stage")
        .forEach(
            (o, r) ->
                assertThat(
                        Hcl.text(
                            aws.blocks("output").stream()
                                .filter(b -> b.name().equals(o))
                                .findFirst()
                                .orElseThrow()
                                .body()
                                .get("value")))
                    .contains(r));
  }
}
