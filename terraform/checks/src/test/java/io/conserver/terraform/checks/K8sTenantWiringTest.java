package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * terraform/modules/k8s-tenant, asserted on its HCL (the kubernetes provider cannot be downloaded
 * here, and needs a cluster to plan Knative objects anyway): every stage gets a Knative Service, a
 * KafkaSource (its trigger) and a dead-letter route, all iterating the pipeline module's stage map;
 * every tenant a namespace, a default-deny NetworkPolicy and the lifecycle CronJob; a tenant with a
 * Teams source the Teams renewal CronJob.
 */
class K8sTenantWiringTest {
  static final String STAGES = "${local.stages}";
  static Hcl.Module k8s;

  @BeforeAll
  static void load() {
    k8s = Hcl.module("modules/k8s-tenant");
  }

  @Test
  void stageMap_isThePipelineModulesOutput_neverAHandWrittenList() {
    assertThat(Hcl.text(k8s.moduleCall("pipeline").get("source"))).isEqualTo("../pipeline");
    assertThat(Hcl.text(k8s.local("stages"))).isEqualTo("${module.pipeline.stages}");
    Checks.noStageNameLiterals(k8s);
    Checks.secretVariablesHaveNoDefault(k8s);
  }

  @Test
  void everyStage_hasAServiceATriggerAndADeadLetterRoute() {
    for (String name : List.of("service", "source", "dead_letter")) {
      assertThat(Hcl.text(k8s.resource("kubernetes_manifest", name).get("for_each")))
          .as(name)
          .isEqualTo(STAGES);
    }
    JsonNode source = k8s.resource("kubernetes_manifest", "source").get("manifest");
    assertThat(Hcl.text(source.get("kind"))).isEqualTo("KafkaSource");
    JsonNode spec = source.get("spec");
    assertThat(Hcl.text(spec.get("topics").get(0))).isEqualTo("${local.topics[each.key]}");
    assertThat(Hcl.text(spec.at("/sink/ref/name"))).isEqualTo("${local.stage_names[each.key]}");
    assertThat(Hcl.text(spec.at("/delivery/retry")))
        .isEqualTo("${each.value.max_receive_count - 1}");
    assertThat(Hcl.text(spec.at("/delivery/deadLetterSink/ref/kind"))).isEqualTo("KafkaSink");
    assertThat(Hcl.text(spec.at("/delivery/deadLetterSink/ref/name")))
        .isEqualTo("${local.stage_names[each.key]}-dead-letter");
    JsonNode deadLetter = k8s.resource("kubernetes_manifest", "dead_letter").get("manifest");
    assertThat(Hcl.text(deadLetter.at("/spec/topic")))
        .isEqualTo("${local.topics[each.key]}.dead-letter");
  }

  @ParameterizedTest
  @MethodSource("io.conserver.terraform.checks.Checks#pipelineFiles")
  void everyDeclaredStage_getsAServiceATriggerAndADeadLetterRoute(Path declaration) {
    // Each per-stage object exists once per entry of the stage map ...
    everyStage_hasAServiceATriggerAndADeadLetterRoute();
    // ... and the stage map has exactly the declared stages.
    JsonNode stages = TerraformCli.evaluatePipelines(List.of(declaration)).get("stages");
    assertThat(PipelineModuleTest.fieldNames(stages))
        .isEqualTo(Checks.declaredStageKeys(declaration));
  }

  /**
   * A Service selects {@code <function>-knative}: every function a shipped declaration uses has
   * that entry point in the Knative package.
   */
  @Test
  void everyDeclaredFunction_hasTheKnativeEntryPointItsServiceSelects() throws Exception {
    String entries =
        Files.readString(
            Repo.root()
                .resolve(
                    "functions/knative/src/main/java/io/conserver/functions/knative/"
                        + "KnativeStages.java"));
    Set<String> functions = new TreeSet<>();
    for (Path declaration : Repo.shippedPipelines()) {
      Repo.readJson(declaration)
          .get("stages")
          .forEach(s -> functions.add(s.get("function").asText()));
    }
    assertThat(functions).contains("transcribe", "redact", "export-to-cloud");
    for (String function : functions) {
      assertThat(entries).as(function).contains("@Funq(\"" + function + "-knative\")");
    }
  }

  @Test
  void offlineEngines_runOnTheEnginesImage_andOnlyCloudBoundStagesLeaveThePremises() {
    assertThat(Hcl.text(k8s.local("stage_images")))
        .contains("var.offline_engines", "o.engine", "var.engines_image", "var.functions_image");
    assertThat(Hcl.strings(k8s.variable("offline_engines").get("default")))
        .containsExactly("pocketsphinx", "apertium");
    assertThat(Hcl.text(k8s.local("cloud_stages"))).contains("o.bucket");
    JsonNode service = k8s.resource("kubernetes_manifest", "service").get("manifest");
    JsonNode container = service.at("/spec/template/spec/containers").get(0);
    assertThat(Hcl.text(container.get("image"))).isEqualTo("${local.stage_images[each.key]}");
    assertThat(Hcl.text(container.get("env")))
        .contains("contains(local.cloud_stages, each.key) ? local.cloud_env : []");
    assertThat(Hcl.text(container.get("envFrom")))
        .contains("contains(local.cloud_stages, each.key)", "var.cloud_credentials_secret_id");
    assertThat(Hcl.text(service.at("/spec/template/metadata/labels")))
        .contains(
            "contains(local.cloud_stages, each.key) ? { \"conserver.io/egress\" = \"cloud\" }");
    assertLocal("https_egress")
        .contains(
            "var.cloud_export == null ? {} : { cloud = { name = \"allow-export-to-cloud\","
                + " cidrs = var.cloud_export.cidrs } }");
    JsonNode policy = k8s.resource("kubernetes_network_policy_v1", "allow_https_egress");
    assertThat(Hcl.text(policy.get("for_each"))).isEqualTo("${local.https_egress}");
    JsonNode egress = Hcl.first(policy.get("spec"));
    assertThat(Hcl.text(Hcl.first(egress.get("pod_selector")).get("match_labels")))
        .contains("\"conserver.io/egress\":\"${each.key}\"");
    JsonNode rule = Hcl.first(egress.get("egress"));
    assertThat(Hcl.text(Hcl.dynamic(rule, "to").get(0).get("for_each")))
        .isEqualTo("${toset(each.value.cidrs)}");
    assertThat(Hcl.text(Hcl.first(rule.get("ports")).get("port"))).isEqualTo("443");
    // The egress every pod has stays the store, Kafka and DNS.
    JsonNode common =
        Hcl.first(k8s.resource("kubernetes_network_policy_v1", "allow_egress").get("spec"));
    assertThat(Hcl.text(Hcl.dynamic(Hcl.first(common.get("egress")), "to").get(0).get("for_each")))
        .isEqualTo("${toset(concat(var.store_cidrs, var.kafka_cidrs))}");
  }

  @Test
  void services_scaleToZero_withConcurrencyMemoryAndFunctionFromTheDeclaration() {
    JsonNode service = k8s.resource("kubernetes_manifest", "service").get("manifest");
    assertThat(
            Hcl.text(
                service
                    .at("/spec/template/metadata/annotations")
                    .get("autoscaling.knative.dev/min-scale")))
        .isEqualTo("0");
    JsonNode pod = service.at("/spec/template/spec");
    assertThat(Hcl.text(pod.get("containerConcurrency"))).isEqualTo("${each.value.concurrency}");
    JsonNode container = pod.get("containers").get(0);
    assertThat(Hcl.text(container.at("/resources/limits/memory")))
        .isEqualTo("${each.value.memory_mb}Mi");
    assertThat(Hcl.text(container.get("env")))
        .contains("QUARKUS_FUNQY_EXPORT\", value = \"${each.value.function}-knative\"")
        .contains("declaration_json");
    assertThat(Hcl.text(container.get("envFrom")))
        .contains("[{ secretRef = { name = kubernetes_secret_v1.store.metadata[0].name } }]")
        .doesNotContain("lifecycle_keys_secret_id");
    // Every stage keeps the party index (erase by party reads it), but never gets the receipt key.
    assertThat(Hcl.text(container.get("env")))
        .contains(
            "{ name = \"CONSERVER_PARTY_INDEX_KEY\", valueFrom = { secretKeyRef = { name ="
                + " var.lifecycle_keys_secret_id, key = \"CONSERVER_PARTY_INDEX_KEY\" } } }")
        .doesNotContain("CONSERVER_RECEIPT_KEY");
  }

  @Test
  void everyTenant_hasANamespace_defaultDenyNetworkPolicy_andTheLifecycleJob() {
    assertThat(
            Hcl.text(
                Hcl.first(k8s.resource("kubernetes_namespace_v1", "tenant").get("metadata"))
                    .get("name")))
        .isEqualTo("${local.namespace}");
    JsonNode deny =
        Hcl.first(k8s.resource("kubernetes_network_policy_v1", "default_deny").get("spec"));
    assertThat(Hcl.strings(deny.get("policy_types"))).containsExactly("Ingress", "Egress");
    assertThat(Hcl.first(deny.get("pod_selector")).size()).isZero();
    for (Hcl.Block block : k8s.resources()) {
      if (block.type().startsWith("kubernetes_")
          && !block.type().equals("kubernetes_namespace_v1")) {
        String namespace =
            block.type().equals("kubernetes_manifest")
                ? Hcl.text(block.body().at("/manifest/metadata/namespace"))
                : Hcl.text(Hcl.first(block.body().get("metadata")).get("namespace"));
        assertThat(namespace)
            .as("%s lives in the tenant's namespace", block.address())
            .isEqualTo("${kubernetes_namespace_v1.tenant.metadata[0].name}");
      }
    }
    assertThat(Hcl.text(k8s.resource("kubernetes_cron_job_v1", "job").get("for_each")))
        .isEqualTo("${local.jobs}");
    assertLocal("jobs").contains("{ lifecycle = local.lifecycle_job }");
  }

  /**
   * The CronJobs set no command, so the image's entry point runs with the job's args: that entry
   * point must hand them to the application (the first one ignored them, and the job started the
   * Knative server and never exited), and the application must dispatch each job's args default.
   * The entry point's behaviour is run in functions/images (DockerfileContractTest), the one-shots
   * themselves in functions/knative (LifecycleOnceTest, TeamsRenewOnceTest, Packaged*IT).
   */
  @Test
  void everyJob_runsTheImagesOneShotEntryPoint_withTheArgsTheApplicationDispatches() {
    JsonNode container = jobContainer();
    assertThat(container.get("command")).as("the image's entry point, not replaced").isNull();
    assertThat(Hcl.text(container.get("args"))).isEqualTo("${each.value.args}");
    assertThat(Hcl.text(container.get("name"))).isEqualTo("${each.key}");
    String main =
        Repo.read(
            Repo.root()
                .resolve(
                    "functions/knative/src/main/java/io/conserver/functions/knative/"
                        + "KnativeMain.java"));
    assertThat(main).contains("@QuarkusMain");
    for (String job : List.of("lifecycle", "teams_renew")) {
      String variable = job + "_args";
      assertThat(Hcl.text(k8s.local(job + "_job").get("args")))
          .isEqualTo("${var." + variable + "}");
      List<String> args = Hcl.strings(k8s.variable(variable).get("default"));
      assertThat(args).as(variable).containsExactly("--" + job.replace('_', '-'));
      assertThat(main).contains("\"" + args.get(0) + "\"");
    }

    String dockerfile = Repo.read(Repo.root().resolve("functions/knative/Dockerfile"));
    List<String> entryPoints =
        dockerfile.lines().filter(line -> line.startsWith("ENTRYPOINT")).toList();
    assertThat(entryPoints).hasSize(2); // the functions and the engines image
    for (String entryPoint : entryPoints) {
      assertThat(entryPoint)
          .as("a sh -c entry point forwards the container args")
          .contains("quarkus-run.jar \\\"$@\\\"\", \"--\"]");
    }
  }

  @Test
  void everyJob_getsItsEnvAndSecretsByReference_andARestrictedPodWithAWritableTmp() {
    JsonNode container = jobContainer();
    assertThat(Hcl.text(Hcl.dynamic(container, "env").get(0).get("for_each")))
        .isEqualTo("${each.value.env}");
    assertThat(Hcl.nested(container, "env"))
        .as("plain values only: a secret comes by env_from")
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain("value_from"));
    assertThat(Hcl.text(Hcl.dynamic(container, "env_from").get(0).get("for_each")))
        .isEqualTo("${concat([kubernetes_secret_v1.store.metadata[0].name], each.value.secrets)}");
    assertThat(
            Hcl.text(
                Hcl.first(Hcl.nested(container, "env_from").get(0).get("secret_ref")).get("name")))
        .isEqualTo("${env_from.value}");

    JsonNode lifecycle = k8s.local("lifecycle_job");
    assertThat(Hcl.text(lifecycle.get("env"))).isEqualTo("${local.lifecycle_env}");
    assertLocal("lifecycle_env")
        .contains("local.store_env", "CONSERVER_PIPELINES_JSON", "values(local.pipelines)")
        .contains("local.store_ca_env");
    assertLocal("store_ca_env").contains("CONSERVER_S3_CA_BUNDLE");
    assertThat(Hcl.strings(lifecycle.get("secrets")))
        .containsExactly("${var.lifecycle_keys_secret_id}");
    assertThat(k8s.variable("lifecycle_keys_secret_id").get("default")).isNull();

    JsonNode security = Hcl.first(container.get("security_context"));
    assertThat(Hcl.text(security.get("read_only_root_filesystem"))).isEqualTo("true");
    assertThat(Hcl.text(security.get("run_as_non_root"))).isEqualTo("true");
    assertThat(Hcl.strings(Hcl.first(security.get("capabilities")).get("drop")))
        .containsExactly("ALL");
    assertThat(Hcl.text(Hcl.first(security.get("seccomp_profile")).get("type")))
        .isEqualTo("RuntimeDefault");
    JsonNode tmp = Hcl.nested(container, "volume_mount").get(0);
    assertThat(Hcl.text(tmp.get("mount_path"))).isEqualTo("/tmp");
    JsonNode pod = jobPod();
    JsonNode volume = Hcl.nested(pod, "volume").get(0);
    assertThat(Hcl.text(volume.get("name"))).isEqualTo(Hcl.text(tmp.get("name")));
    assertThat(volume.get("empty_dir")).isNotNull();
  }

  @Test
  void everyJob_isBounded_inTimeAndMemory_andRunsOneAtATime() {
    JsonNode spec = Hcl.first(k8s.resource("kubernetes_cron_job_v1", "job").get("spec"));
    assertThat(Hcl.text(spec.get("concurrency_policy"))).isEqualTo("Forbid");
    assertThat(Hcl.text(spec.get("schedule"))).isEqualTo("${each.value.schedule}");
    JsonNode job = Hcl.first(Hcl.first(spec.get("job_template")).get("spec"));
    assertThat(Hcl.text(job.get("active_deadline_seconds"))).isEqualTo("${each.value.deadline_s}");
    assertThat(Hcl.text(k8s.local("lifecycle_job").get("deadline_s")))
        .isEqualTo("${var.lifecycle_deadline_s}");
    assertThat(k8s.variable("lifecycle_deadline_s").get("default").asInt()).isPositive();
    JsonNode resources = Hcl.first(jobContainer().get("resources"));
    assertThat(Hcl.text(resources.get("limits"))).contains("memory");
    assertThat(Hcl.text(resources.get("requests"))).contains("cpu", "memory");
  }

  /**
   * The Teams renewal (functions/knative TeamsRenewOnce, as the cloud {@code teams-renew}
   * functions): a CronJob every 10 minutes, only for a tenant whose declarations have a Teams
   * source (the pipeline module's {@code teams_pipelines}, which TeamsRenewalWiringTest evaluates
   * on real declarations), with that declaration, the client state's reference, the Graph secret
   * and the client state from the operator's Secret, and alone in reaching Microsoft.
   */
  @Test
  void teamsRenewJob_existsOnlyWithATeamsSource_everyTenMinutes_andBoundedByItsInterval() {
    assertLocal("teams_pipeline")
        .isEqualTo(
            "${length(module.pipeline.teams_pipelines) > 0 ?"
                + " module.pipeline.teams_pipelines[0] : null}");
    assertLocal("jobs")
        .contains(
            "local.teams_pipeline == null ? {} : { \"teams-renew\" = local.teams_renew_job }");
    assertLocal("https_egress")
        .contains(
            "local.teams_pipeline == null ? {} : { graph = { name = \"allow-teams-renew-graph\","
                + " cidrs = var.teams_egress_cidrs } }");

    JsonNode teams = k8s.local("teams_renew_job");
    assertThat(Hcl.text(teams.get("schedule"))).isEqualTo("${var.teams_renew_schedule}");
    assertThat(k8s.variable("teams_renew_schedule").get("default").textValue())
        .isEqualTo("*/10 * * * *");
    assertThat(Hcl.text(teams.get("deadline_s"))).isEqualTo("${var.teams_renew_deadline_s}");
    assertThat(k8s.variable("teams_renew_deadline_s").get("default").asInt())
        .as("a hung pass must not skip the next tick (Forbid)")
        .isPositive()
        .isLessThan(600);
    // Its pods carry the label the Graph egress selects; the lifecycle's carry none.
    assertThat(teams.get("egress").textValue()).isEqualTo("graph");
    assertThat(k8s.local("lifecycle_job").get("egress").isNull()).isTrue();
    JsonNode template = Hcl.first(jobTemplate().get("metadata"));
    assertThat(Hcl.text(template.get("labels")))
        .contains("{ \"conserver.io/egress\" = each.value.egress }");
    // Without the Secret and the egress, planning a Teams tenant fails instead of deploying a job
    // that can only fail.
    assertThat(Hcl.text(teams.get("configured")))
        .isEqualTo("${var.teams_secret_id != null && length(var.teams_egress_cidrs) > 0}");
    JsonNode precondition =
        Hcl.first(
            Hcl.first(k8s.resource("kubernetes_cron_job_v1", "job").get("lifecycle"))
                .get("precondition"));
    assertThat(Hcl.text(precondition.get("condition"))).isEqualTo("${each.value.configured}");
  }

  @Test
  void teamsRenewJob_getsTheTeamsDeclaration_andItsSecretsByReferenceOnly() {
    JsonNode teams = k8s.local("teams_renew_job");
    assertThat(Hcl.text(teams.get("env"))).isEqualTo("${local.teams_renew_env}");
    assertLocal("teams_renew_env")
        .contains("local.store_env", "local.store_ca_env")
        .contains("{ name = \"CONSERVER_PIPELINE\", value = local.teams_pipeline }")
        .contains(
            "{ name = \"CONSERVER_PIPELINE_JSON\", value ="
                + " local.pipelines[local.teams_pipeline].declaration_json }")
        .contains(
            "{ name = \"CONSERVER_TEAMS_CLIENT_STATE_REF\", value = \"env:TEAMS_CLIENT_STATE\" }")
        .doesNotContain("teams_secret_id");
    // The Secret's keys (the Graph secret under the name the declaration's reference gives, and
    // TEAMS_CLIENT_STATE) become the job's environment: neither value is in the manifest.
    assertThat(Hcl.strings(teams.get("secrets"))).containsExactly("${var.teams_secret_id}");
    assertThat(k8s.variable("teams_secret_id").get("default").isNull()).isTrue();
    assertThat(Hcl.text(k8s.variable("teams_secret_id").get("description")))
        .contains("TEAMS_CLIENT_STATE", "client_secret_ref");
  }

  private static AbstractStringAssert<?> assertLocal(String name) {
    return assertThat(Hcl.text(k8s.local(name))).as("local.%s", name);
  }

  private static JsonNode jobTemplate() {
    JsonNode spec = Hcl.first(k8s.resource("kubernetes_cron_job_v1", "job").get("spec"));
    JsonNode job = Hcl.first(Hcl.first(spec.get("job_template")).get("spec"));
    return Hcl.first(job.get("template"));
  }

  private static JsonNode jobPod() {
    return Hcl.first(jobTemplate().get("spec"));
  }

  private static JsonNode jobContainer() {
    return Hcl.first(jobPod().get("container"));
  }
}
