# Retention. The lifecycle function is authoritative: Cloud Scheduler publishes a tick to the
# tenant's lifecycle topic, Eventarc delivers it to the function, which expires what each
# pipeline's retention_days says is due and writes receipts. The bucket's lifecycle_rule
# blocks (main.tf) are the backstop, grace_days later.

resource "google_pubsub_topic" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  project      = var.project_id
  name         = "${local.lifecycle_name}-tick"
  kms_key_name = local.kms_key_id
  labels       = local.labels

  depends_on = [google_kms_crypto_key_iam_member.pubsub_agent]
}

resource "google_cloud_scheduler_job" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  project     = var.project_id
  region      = var.region
  name        = local.lifecycle_name
  description = "Conserver ${var.tenant}: run the lifecycle function"
  schedule    = var.lifecycle_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.lifecycle[0].id
    data       = base64encode(jsonencode({ tenant = var.tenant, reason = "schedule" }))
  }
}

data "archive_file" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  type        = "zip"
  source_file = var.lifecycle_jar
  output_path = "${path.root}/.terraform/conserver/${local.base_name}-lifecycle.zip"
}

resource "google_storage_bucket_object" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  bucket = google_storage_bucket.sources.name
  name   = "lifecycle/${data.archive_file.lifecycle[0].output_md5}.zip"
  source = data.archive_file.lifecycle[0].output_path
}

resource "google_cloudfunctions2_function" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  project     = var.project_id
  location    = var.region
  name        = local.lifecycle_name
  description = "Conserver ${var.tenant}: retention and erase (authoritative)"

  build_config {
    runtime     = var.function_runtime
    entry_point = var.function_entry_point
    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.lifecycle[0].name
      }
    }
  }

  service_config {
    available_memory      = "${var.lifecycle_memory_mb}M"
    timeout_seconds       = local.event_function_max_timeout_s
    max_instance_count    = 1
    ingress_settings      = "ALLOW_INTERNAL_ONLY"
    service_account_email = google_service_account.lifecycle[0].email
    # Every pipeline of the tenant (CONSERVER_PIPELINES_JSON, a JSON array) and the grace the
    # backstop rules use.
    environment_variables = merge(local.extra_environment, {
      CONSERVER_TENANT         = var.tenant
      CONSERVER_BUCKET         = google_storage_bucket.this.name
      CONSERVER_STORE          = "gcs"
      CONSERVER_GCS_PROJECT    = var.project_id
      CONSERVER_PIPELINES_JSON = "[${join(",", [for p in values(local.pipelines) : p.declaration_json])}]"
      CONSERVER_GRACE_DAYS     = tostring(var.grace_days)
      QUARKUS_FUNQY_EXPORT     = "lifecycle-cloudevent"
    })

    secret_environment_variables {
      key        = "CONSERVER_PARTY_INDEX_KEY"
      project_id = var.project_id
      secret     = local.party_index_key_secret_name
      version    = "latest"
    }

    # The receipt signing key, by reference: the platform resolves it when the function starts.
    secret_environment_variables {
      key        = "CONSERVER_RECEIPT_KEY"
      project_id = local.receipt_key_secret_project
      secret     = local.receipt_key_secret_name
      version    = "latest"
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.lifecycle[0].id
    retry_policy          = "RETRY_POLICY_DO_NOT_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  labels = local.labels

  lifecycle {
    precondition {
      condition     = var.receipt_key_secret_id != null
      error_message = "The lifecycle function signs erase and expiry receipts: set receipt_key_secret_id to the Secret Manager secret that holds the tenant's receipt key."
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.lifecycle,
    google_secret_manager_secret_iam_member.lifecycle_receipt_key,
    google_secret_manager_secret_version.party_index_key,
    google_project_iam_member.trigger_event_receiver,
  ]
}
