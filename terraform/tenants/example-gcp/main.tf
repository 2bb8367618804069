# One tenant on Google Cloud. A new tenant: copy this folder to tenants/<tenant>/, set its
# backend prefix and variables (terraform.tfvars), `terraform init`, `terraform apply`.
# See terraform/README.md.

provider "google" {
  project = var.project_id
  region  = var.region
}

# APIs the tenant module uses. Left enabled on destroy: other tenants in the project use them.
resource "google_project_service" "apis" {
  for_each = toset([
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudkms.googleapis.com",
    "cloudscheduler.googleapis.com",
    "eventarc.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
    "artifactregistry.googleapis.com",
  ])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

locals {
  repo = "${path.module}/../../.."

  # The functions of the shipped pipeline that function_jar does not carry run from images built
  # from functions/<name>/Dockerfile (stage gcp) and pushed to Artifact Registry; ingest, redact
  # and export deploy function_jar (terraform/checks asserts every stage has one or the other).
  default_images = {
    transcribe = "${var.image_repository}/transcribe:${var.image_tag}"
    translate  = "${var.image_repository}/translate:${var.image_tag}"
    analyze    = "${var.image_repository}/analyze:${var.image_tag}"
  }
}

module "tenant" {
  source = "../../modules/gcp-tenant"

  project_id            = var.project_id
  region                = var.region
  tenant                = var.tenant
  pipeline_files        = coalesce(var.pipeline_files, ["${local.repo}/terraform/pipelines/default.json"])
  function_jar          = var.function_jar
  function_images       = coalesce(var.function_images, local.default_images)
  lifecycle_jar         = var.lifecycle_jar
  receipt_key_secret_id = var.receipt_key_secret_id
  notification_channels = var.notification_channels

  depends_on = [google_project_service.apis]
}
