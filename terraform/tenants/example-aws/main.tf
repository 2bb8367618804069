# One tenant on AWS. A new tenant: copy this folder to tenants/<tenant>/, set its backend key
# and variables (terraform.tfvars), `terraform init`, `terraform apply`. See terraform/README.md.

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
  repo = "${path.module}/../../.."

  # Every function of the shipped pipeline runs from a zip or an image (terraform/checks asserts
  # it): the light ones, export and redact as zips; transcribe (PocketSphinx), translate (apertium)
  # and analyze (its model) as images built from functions/<name>/Dockerfile and pushed to ECR.
  default_packages = {
    ingest = "${local.repo}/functions/aws/light/target/function.zip"
    export = "${local.repo}/functions/aws/export/target/function.zip"
    redact = "${local.repo}/functions/aws/redact/target/function.zip"
  }
  default_images = {
    transcribe = "${var.image_repository}/transcribe:${var.image_tag}"
    translate  = "${var.image_repository}/translate:${var.image_tag}"
    analyze    = "${var.image_repository}/analyze:${var.image_tag}"
  }
}

resource "aws_sns_topic" "alarms" {
  count = var.alarm_email == null ? 0 : 1

  name              = "conserver-${var.tenant}-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "alarms" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

module "tenant" {
  source = "../../modules/aws-tenant"

  tenant                 = var.tenant
  pipeline_files         = coalesce(var.pipeline_files, ["${local.repo}/terraform/pipelines/default.json"])
  function_packages      = coalesce(var.function_packages, local.default_packages)
  function_images        = coalesce(var.function_images, local.default_images)
  lifecycle_package      = var.lifecycle_package
  receipt_key_secret_arn = var.receipt_key_secret_arn
  alarm_actions          = aws_sns_topic.alarms[*].arn

  # Set false on an account whose Lambda concurrency quota is still the initial 10.
  reserve_concurrency = true
}
