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
}

module "tenant" {
  source = "../../modules/gcp-tenant"

  project_id            = var.project_id
  region                = var.region
  tenant                = var.tenant
  pipeline_files        = coalesce(var.pipeline_files, ["${local.repo}/terraform/pipelines/default.json"])
  function_jar          = var.function_jar
  lifecycle_jar         = var.lifecycle_jar
  receipt_key_secret_id = var.receipt_key_secret_id
  notification_channels = var.notification_channels

  depends_on = [google_project_service.apis]
}
