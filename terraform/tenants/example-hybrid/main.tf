# A hybrid tenant: recordings stay in the operator's data center, only redacted transcripts and
# analyses go to the cloud (README, "On premise and hybrid").
#
#   premises (Kubernetes + Knative, S3-compatible store, Kafka)       tenant's AWS account
#   inbox/hybrid-onprem/ -> ingest -> transcribe -> redact ->          inbox/hybrid-cloud/
#                                              export-to-cloud ------>   -> ingest -> analyze -> export
#
# The on-premise half is modules/k8s-tenant with terraform/pipelines/hybrid-onprem.json; the cloud
# half is modules/aws-tenant with terraform/pipelines/hybrid-cloud.json. Between them: one IAM user
# that may only create objects under the cloud pipeline's inbox prefix for this hand-off (and read
# them back, which create-if-absent needs), and a NetworkPolicy that lets only the export-to-cloud
# pods reach the cloud endpoint. Its access key is created by the operator, not here, so it never
# enters the state: `aws iam create-access-key --user-name <output cloud_exporter_user>`, then
# `kubectl -n <namespace> create secret generic cloud-export-credentials
#   --from-literal=CONSERVER_CLOUD_ACCESS_KEY_ID=... --from-literal=CONSERVER_CLOUD_SECRET_ACCESS_KEY=...`.
# The lifecycle job's keys likewise: a Secret lifecycle-keys with CONSERVER_PARTY_INDEX_KEY and
# CONSERVER_RECEIPT_KEY (see tenants/example-k8s/main.tf).

provider "kubernetes" {
  config_path    = var.kubeconfig
  config_context = var.kube_context
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      "app"              = "conserver"
      "conserver:tenant" = var.tenant
    }
  }
}

locals {
  repo      = "${path.module}/../../.."
  pipelines = "${local.repo}/terraform/pipelines"
  # What export-to-cloud writes: inbox/<cloud pipeline>/from-<on-premise pipeline>/<uuid>.vcon.json
  handoff_prefix = "inbox/hybrid-cloud/from-hybrid-onprem/"
  # Erase across the halves (README, "Right to be forgotten"): the premises may not delete in the
  # cloud, so an erase there writes a request for the redacted copy's uuid under the first prefix,
  # and reads the cloud half's answer (written by its lifecycle job) under the second.
  erase_request_prefix = "requests/handoff-erase/hybrid-cloud/from-hybrid-onprem/"
  erase_answer_prefix  = "receipts/handoff-erase/hybrid-cloud/from-hybrid-onprem/"
}

module "premises" {
  source = "../../modules/k8s-tenant"

  tenant                  = var.tenant
  pipeline_files          = ["${local.pipelines}/hybrid-onprem.json"]
  functions_image         = var.functions_image
  engines_image           = var.engines_image
  store_endpoint          = var.store_endpoint
  bucket                  = var.bucket
  store_access_key        = var.store_access_key
  store_secret_key        = var.store_secret_key
  store_ca_bundle_pem     = var.store_ca_bundle_file == null ? null : file(var.store_ca_bundle_file)
  store_cidrs             = var.store_cidrs
  kafka_bootstrap_servers = var.kafka_bootstrap_servers
  kafka_cidrs             = var.kafka_cidrs

  lifecycle_keys_secret_id = var.lifecycle_keys_secret_id

  cloud_export = {
    bucket = module.cloud.bucket_name
    region = var.region
    cidrs  = var.cloud_endpoint_cidrs
  }
  cloud_credentials_secret_id = var.cloud_credentials_secret_id
}

module "cloud" {
  source = "../../modules/aws-tenant"

  tenant         = var.tenant
  pipeline_files = ["${local.pipelines}/hybrid-cloud.json"]
  function_packages = {
    ingest = "${local.repo}/functions/aws/light/target/function.zip"
    export = "${local.repo}/functions/aws/export/target/function.zip"
  }
  # analyze's model and ONNX runtime exceed a zip: its image (functions/analyze/Dockerfile, stage aws).
  function_images = {
    analyze = var.analyze_image
  }
  reserve_concurrency = true
}

# The on-premise exporter's cloud identity: create objects under the hand-off prefix and read them
# back (a redelivery compares), the same for erase requests, read (only) the cloud's answers to
# them; HEAD answers 404 rather than 403 only with ListBucket, and the tenant key encrypts what it
# writes. Nothing else of the cloud bucket is readable from premises, and nothing is deletable.
resource "aws_iam_user" "cloud_exporter" {
  name = "conserver-${var.tenant}-onprem-export"
  path = "/conserver/"
}

data "aws_iam_policy_document" "cloud_exporter" {
  statement {
    sid     = "HandOffOnly"
    actions = ["s3:PutObject", "s3:GetObject"]
    resources = [
      "${module.cloud.bucket_arn}/${local.handoff_prefix}*",
      "${module.cloud.bucket_arn}/${local.erase_request_prefix}*",
    ]
  }
  statement {
    sid       = "EraseAnswersReadOnly"
    actions   = ["s3:GetObject"]
    resources = ["${module.cloud.bucket_arn}/${local.erase_answer_prefix}*"]
  }
  statement {
    sid       = "NotFoundIsNotForbidden"
    actions   = ["s3:ListBucket"]
    resources = [module.cloud.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values = [
        "${local.handoff_prefix}*",
        "${local.erase_request_prefix}*",
        "${local.erase_answer_prefix}*",
      ]
    }
  }
  statement {
    sid       = "TenantKey"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.cloud.kms_key_arn]
  }
}

resource "aws_iam_user_policy" "cloud_exporter" {
  name   = "handoff-to-hybrid-cloud"
  user   = aws_iam_user.cloud_exporter.name
  policy = data.aws_iam_policy_document.cloud_exporter.json
}
