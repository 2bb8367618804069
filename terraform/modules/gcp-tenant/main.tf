# One tenant on Google Cloud: its bucket (uniform access, CMEK, backstop lifecycle rules), and
# for every stage of every pipeline declared in var.pipeline_files a Pub/Sub topic fed by a
# prefix-filtered bucket notification, a dead-letter topic, a Cloud Functions (2nd gen)
# function triggered from the topic through Eventarc, and a service account allowed only the
# stage's prefixes. Every per-stage resource iterates local.stages, which
# terraform/modules/pipeline derives from the declarations.

module "pipeline" {
  source = "../pipeline"

  pipeline_files       = var.pipeline_files
  grace_days           = var.grace_days
  attempts_expire_days = var.attempts_expire_days
}

data "google_project" "this" {
  project_id = var.project_id
}

# The Cloud Storage service agent: it publishes bucket notifications and uses the bucket key.
data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

locals {
  stages          = module.pipeline.stages
  pipelines       = module.pipeline.pipelines
  lifecycle_rules = module.pipeline.lifecycle_rules

  base_name   = "${var.name_prefix}-${var.tenant}"
  bucket_name = coalesce(var.bucket_name, "${local.base_name}-${substr(sha1(var.project_id), 0, 8)}")

  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"

  # Function (Cloud Run service) names: at most 49 characters here. Service account ids: 6-30
  # characters, unique per project, so they carry a hash of tenant and stage key.
  stage_names = {
    for k, s in local.stages : k => (
      length("${local.base_name}-${s.slug}") <= 49
      ? "${local.base_name}-${s.slug}"
      : "${substr("${local.base_name}-${s.slug}", 0, 40)}-${s.hash}"
    )
  }
  stage_account_ids = {
    for k, s in local.stages : k => "cs-${substr(s.stage, 0, 15)}-${substr(sha1("${var.tenant}/${k}"), 0, 8)}"
  }
  lifecycle_name = "${local.base_name}-lifecycle"

  labels = merge(var.labels, {
    conserver-tenant = var.tenant
  })
}

# --- the tenant key --------------------------------------------------------------------------

resource "google_kms_key_ring" "tenant" {
  count = var.kms_key_id == null ? 1 : 0

  project  = var.project_id
  name     = local.base_name
  location = var.region
}

resource "google_kms_crypto_key" "tenant" {
  count = var.kms_key_id == null ? 1 : 0

  name            = "tenant-data"
  key_ring        = google_kms_key_ring.tenant[0].id
  rotation_period = "7776000s"
  labels          = local.labels
}

locals {
  kms_key_id = var.kms_key_id == null ? google_kms_crypto_key.tenant[0].id : var.kms_key_id
}

# The bucket's and the topics' service agents encrypt with the tenant key.
resource "google_kms_crypto_key_iam_member" "gcs_agent" {
  crypto_key_id = local.kms_key_id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_kms_crypto_key_iam_member" "pubsub_agent" {
  crypto_key_id = local.kms_key_id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = local.pubsub_agent
}

# --- the tenant bucket -----------------------------------------------------------------------

resource "google_storage_bucket" "this" {
  project  = var.project_id
  name     = local.bucket_name
  location = coalesce(var.bucket_location, var.region)

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy

  encryption {
    default_kms_key_name = local.kms_key_id
  }

  versioning {
    enabled = var.versioning_enabled
  }

  soft_delete_policy {
    retention_duration_seconds = var.soft_delete_retention_seconds
  }

  # Backstop retention: one rule per prefix with a declared retention, grace_days later (the
  # lifecycle function expires on time). See retention.tf for the function.
  dynamic "lifecycle_rule" {
    for_each = local.lifecycle_rules
    content {
      condition {
        age            = lifecycle_rule.value.expire_after_days
        matches_prefix = [lifecycle_rule.value.prefix]
      }
      action {
        type = "Delete"
      }
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.versioning_enabled ? [1] : []
    content {
      condition {
        days_since_noncurrent_time = var.noncurrent_version_expire_days
        with_state                 = "ARCHIVED"
      }
      action {
        type = "Delete"
      }
    }
  }

  labels = local.labels

  depends_on = [google_kms_crypto_key_iam_member.gcs_agent]
}

# --- function sources ------------------------------------------------------------------------
# Cloud Functions builds from a zip in Cloud Storage. Code only, no tenant data: this bucket
# uses Google-managed encryption so that Cloud Build can read it without a key grant.

resource "google_storage_bucket" "sources" {
  project  = var.project_id
  name     = "${local.bucket_name}-src"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  labels = local.labels
}

data "archive_file" "function" {
  type        = "zip"
  source_file = var.function_jar
  output_path = "${path.root}/.terraform/conserver/${local.base_name}-function.zip"
}

resource "google_storage_bucket_object" "function" {
  bucket = google_storage_bucket.sources.name
  name   = "functions/${data.archive_file.function.output_md5}.zip"
  source = data.archive_file.function.output_path
}
