package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/modules/k8s-tenant, asserted on its HCL (the kubernetes provider cannot be downloaded
 * here, and needs a cluster to plan Knative objects anyway): every stage gets a Knative Service, a
 * KafkaSource (its trigger) and a dead-letter route, all iterating the pipeline module's stage map;
 * every tenant a namespace, a default-deny NetworkPolicy and the lifecycle CronJob.
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
    assertThat(Hcl.text(container.at("/envFrom/0/secretRef/name")))
        .isEqualTo("${kubernetes_secret_v1.store.metadata[0].name}");
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
    assertThat(k8s.resource("kubernetes_cron_job_v1", "lifecycle")).isNotNull();
  }
}
