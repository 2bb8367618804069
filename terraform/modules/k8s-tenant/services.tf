# One Knative Service per stage: the functions image (the engines image for transcribe and
# translate) with the stage's function selected, scale to zero, containerConcurrency and memory
# from the pipeline declaration. Stages that write to the tenant's cloud bucket (export-to-cloud)
# also get its settings and credentials (by reference) and the label that lets them reach it.
resource "kubernetes_manifest" "service" {
  for_each = local.stages

  manifest = {
    apiVersion = "serving.knative.dev/v1"
    kind       = "Service"
    metadata = {
      name      = local.stage_names[each.key]
      namespace = kubernetes_namespace_v1.tenant.metadata[0].name
      labels = {
        "conserver.io/tenant"   = var.tenant
        "conserver.io/pipeline" = each.value.pipeline
        "conserver.io/stage"    = each.value.stage
        # Reached only from inside the cluster (the KafkaSource), never through the ingress.
        "networking.knative.dev/visibility" = "cluster-local"
      }
    }
    spec = {
      template = {
        metadata = {
          labels = merge(
            { "conserver.io/tenant" = var.tenant },
            contains(local.cloud_stages, each.key) ? { "conserver.io/egress" = "cloud" } : {}
          )
          annotations = {
            "autoscaling.knative.dev/min-scale" = "0"
            "autoscaling.knative.dev/max-scale" = "10"
          }
        }
        spec = {
          containerConcurrency = each.value.concurrency
          timeoutSeconds       = each.value.timeout_s
          containers = [{
            image = local.stage_images[each.key]
            env = concat(local.store_env, contains(local.cloud_stages, each.key) ? local.cloud_env : [], [
              { name = "QUARKUS_FUNQY_EXPORT", value = "${each.value.function}-knative" },
              { name = "CONSERVER_PIPELINE", value = each.value.pipeline },
              { name = "CONSERVER_PIPELINE_JSON", value = local.pipelines[each.value.pipeline].declaration_json },
              { name = "CONSERVER_STAGE", value = each.value.stage },
              # The party index (erase by party reads it): the HMAC key alone from the operator's
              # keys Secret; the receipt-signing key stays with the lifecycle job.
              { name = "CONSERVER_PARTY_INDEX_KEY", valueFrom = { secretKeyRef = { name = var.lifecycle_keys_secret_id, key = "CONSERVER_PARTY_INDEX_KEY" } } },
              ], var.store_ca_bundle_pem == null ? [] : [
              { name = "CONSERVER_S3_CA_BUNDLE", value = "/etc/conserver/store-ca/ca.pem" },
            ])
            envFrom = concat(
              [{ secretRef = { name = kubernetes_secret_v1.store.metadata[0].name } }],
              contains(local.cloud_stages, each.key) && var.cloud_credentials_secret_id != null ? [{ secretRef = { name = var.cloud_credentials_secret_id } }] : []
            )
            resources = {
              requests = { memory = "${each.value.memory_mb}Mi", cpu = "250m" }
              limits   = { memory = "${each.value.memory_mb}Mi" }
            }
            securityContext = {
              runAsNonRoot             = true
              allowPrivilegeEscalation = false
              readOnlyRootFilesystem   = true
              capabilities             = { drop = ["ALL"] }
              seccompProfile           = { type = "RuntimeDefault" }
            }
            volumeMounts = concat([{ name = "tmp", mountPath = "/tmp" }],
              var.store_ca_bundle_pem == null ? [] : [{ name = "store-ca", mountPath = "/etc/conserver/store-ca", readOnly = true }]
            )
          }]
          volumes = concat([{ name = "tmp", emptyDir = {} }],
            var.store_ca_bundle_pem == null ? [] : [{ name = "store-ca", configMap = { name = "store-ca" } }]
          )
        }
      }
    }
  }
}
