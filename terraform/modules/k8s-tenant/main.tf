# One tenant on premise, on Kubernetes with Knative: its namespace, the store credentials as a
# secret, NetworkPolicies that keep it apart from every other tenant, and for every stage of
# every pipeline in var.pipeline_files a Knative Service (scale to zero, concurrency and memory
# from the declaration), a KafkaSource reading the stage's notification topic, and a KafkaSink
# for its dead-letter topic. Every per-stage object iterates local.stages, which
# terraform/modules/pipeline derives from the declarations.
#
# Events: the store publishes bucket notifications per input prefix to one topic per stage
# (MinIO: `mc event add <alias>/<bucket> arn:minio:sqs::<target>:kafka --prefix <input_prefix>
# --event put`; the commands are an output). The prefix filter lives at the store; the stage also
# ignores any key outside its input prefix. KafkaSource was chosen over a NATS JetStream channel:
# MinIO and Ceph RGW both publish to Kafka natively, and the KafkaSource carries retries and a
# dead-letter sink in its delivery spec. Without Knative Eventing, the same image runs
# KafkaStageConsumer or NatsStageConsumer as a Deployment (README, "On premise and hybrid").

module "pipeline" {
  source = "../pipeline"

  pipeline_files = var.pipeline_files
}

locals {
  stages          = module.pipeline.stages
  pipelines       = module.pipeline.pipelines
  lifecycle_rules = module.pipeline.lifecycle_rules

  namespace = "${var.name_prefix}-${var.tenant}"

  # Object names (DNS labels, at most 63 characters) and topic names per stage.
  stage_names = {
    for k, s in local.stages : k => (
      length("${s.slug}") <= 50 ? s.slug : "${substr(s.slug, 0, 41)}-${s.hash}"
    )
  }
  topics = {
    for k, s in local.stages : k => "${var.name_prefix}.${var.tenant}.${s.pipeline}.${s.stage}"
  }

  # Each stage's options, from its declaration (the stage map carries settings, not options).
  stage_options = {
    for k, s in local.stages : k => try(jsondecode(local.pipelines[s.pipeline].declaration_json).stages[s.position].options, {})
  }

  # Which image each stage runs: the engines image where the stage's options choose an offline
  # engine (PocketSphinx for transcribe, apertium for translate), the light one elsewhere.
  stage_images = {
    for k, o in local.stage_options : k => (
      contains(var.offline_engines, try(tostring(o.engine), "")) ? coalesce(var.engines_image, var.functions_image) : var.functions_image
    )
  }

  # Stages whose options name a destination bucket (export-to-cloud) write to a second store:
  # they alone get its settings, its credentials (by reference) and the egress to reach it.
  cloud_stages = toset([for k, o in local.stage_options : k if try(o.bucket, null) != null])
  cloud_env = var.cloud_export == null ? [] : [
    { name = "CONSERVER_CLOUD_BUCKET", value = var.cloud_export.bucket },
    { name = "CONSERVER_CLOUD_REGION", value = var.cloud_export.region },
  ]

  store_env = [
    { name = "CONSERVER_TENANT", value = var.tenant },
    { name = "CONSERVER_BUCKET", value = var.bucket },
    { name = "CONSERVER_STORE", value = "s3" },
    { name = "CONSERVER_S3_ENDPOINT", value = var.store_endpoint },
    { name = "CONSERVER_S3_PATH_STYLE", value = "true" },
    { name = "CONSERVER_S3_REGION", value = var.store_region },
  ]
  # Where the pods find the store's CA (the ConfigMap store-ca, mounted there) when it has one.
  store_ca_env = var.store_ca_bundle_pem == null ? [] : [
    { name = "CONSERVER_S3_CA_BUNDLE", value = "/etc/conserver/store-ca/ca.pem" },
  ]
}

resource "kubernetes_namespace_v1" "tenant" {
  metadata {
    name = local.namespace
    labels = {
      "conserver.io/tenant"                = var.tenant
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}
