# Teams subscription renewal. Microsoft Graph delivers Teams recording notifications only while a
# subscription lives (at most 60 minutes): when a declaration of the tenant has a Teams source (an
# ingest stage with options.fetch_media.teams), Cloud Scheduler publishes a tick every 10 minutes
# to the tenant's teams-renew topic and Eventarc delivers it to the function
# "teams-renew-cloudevent" of var.function_jar, which renews the subscriptions saved in the
# tenant's bucket (sources/teams/subscriptions.json) expiring within 20 minutes and re-creates
# those Graph removed. It fails when Graph refuses (an error in the function's logs and metrics);
# the trigger does not retry, the next tick comes 10 minutes later. Without a Teams source none of
# this exists.

locals {
  teams_pipeline   = length(module.pipeline.teams_pipelines) > 0 ? module.pipeline.teams_pipelines[0] : null
  teams_renew_name = "${local.base_name}-teams-renew"
  # Its state and the webhook's lifecycle markers, nothing else of the bucket.
  teams_renew_condition = join(" || ", [
    "resource.name.startsWith(\"${local.object_name_prefix}sources/teams/\")",
    "(resource.type == \"storage.googleapis.com/Bucket\" && api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(\"sources/teams/\"))",
  ])
}

resource "google_service_account" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  project      = var.project_id
  account_id   = "cs-teams-${substr(sha1(var.tenant), 0, 12)}"
  display_name = "Conserver ${var.tenant}: teams-renew"
}

resource "google_storage_bucket_iam_member" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectUser"
  member = google_service_account.teams_renew[0].member

  condition {
    title       = "conserver-teams-renew"
    description = "The Teams subscription state and lifecycle markers (sources/teams/)"
    expression  = local.teams_renew_condition
  }
}

resource "google_pubsub_topic" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  project      = var.project_id
  name         = "${local.teams_renew_name}-tick"
  kms_key_name = local.kms_key_id
  labels       = local.labels

  depends_on = [google_kms_crypto_key_iam_member.pubsub_agent]
}

resource "google_cloud_scheduler_job" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  project     = var.project_id
  region      = var.region
  name        = local.teams_renew_name
  description = "Conserver ${var.tenant}: renew the Teams subscriptions"
  schedule    = var.teams_renew_schedule
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.teams_renew[0].id
    data       = base64encode(jsonencode({ tenant = var.tenant, reason = "schedule" }))
  }
}

resource "google_cloudfunctions2_function" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  project     = var.project_id
  location    = var.region
  name        = local.teams_renew_name
  description = "Conserver ${var.tenant}: renews the Teams subscriptions (pipeline ${local.teams_pipeline})"

  build_config {
    runtime     = var.function_runtime
    entry_point = var.function_entry_point
    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.function.name
      }
    }
  }

  service_config {
    available_memory   = "512M"
    timeout_seconds    = 120
    max_instance_count = 1 # one pass at a time: two would race on the saved state
    ingress_settings   = "ALLOW_INTERNAL_ONLY"
    # The declaration with the Graph app (its client_secret_ref, e.g. env:TEAMS_CLIENT_SECRET, and
    # the client state's reference resolve from var.environment like the ingest stage's).
    service_account_email = google_service_account.teams_renew[0].email
    environment_variables = merge(local.extra_environment, {
      CONSERVER_TENANT                 = var.tenant
      CONSERVER_BUCKET                 = google_storage_bucket.this.name
      CONSERVER_STORE                  = "gcs"
      CONSERVER_GCS_PROJECT            = var.project_id
      CONSERVER_PIPELINE               = local.teams_pipeline
      CONSERVER_PIPELINE_JSON          = local.pipelines[local.teams_pipeline].declaration_json
      CONSERVER_TEAMS_CLIENT_STATE_REF = var.teams_client_state_ref
      QUARKUS_FUNQY_EXPORT             = "teams-renew-cloudevent"
    })
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.teams_renew[0].id
    retry_policy          = "RETRY_POLICY_DO_NOT_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  labels = local.labels

  depends_on = [google_project_iam_member.trigger_event_receiver]
}

resource "google_cloud_run_service_iam_member" "teams_renew_invoker" {
  count = local.teams_pipeline == null ? 0 : 1

  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.teams_renew[0].name
  role     = "roles/run.invoker"
  member   = google_service_account.trigger.member
}
