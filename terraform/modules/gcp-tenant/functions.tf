# Per stage: a Cloud Functions (2nd gen) function running the shared uber-jar with the stage's
# function selected by QUARKUS_FUNQY_EXPORT=<function>-cloudevent (or, for a function in
# var.function_images, a Cloud Run service from its image: images.tf), triggered by Eventarc from
# the stage topic (google.cloud.pubsub.topic.v1.messagePublished) with retries on. Memory and
# concurrency come from the declaration; the timeout too, capped at the 540 s that
# event-driven functions allow (the declaration allows Lambda's 900).

locals {
  reserved_environment = [
    "CONSERVER_TENANT", "CONSERVER_BUCKET", "CONSERVER_STORE", "CONSERVER_PIPELINE",
    "CONSERVER_PIPELINE_JSON", "CONSERVER_STAGE", "CONSERVER_PARTY_INDEX_KEY", "CONSERVER_GCS_PROJECT",
    "QUARKUS_FUNQY_EXPORT",
  ]
  extra_environment = { for k, v in var.environment : k => v if !contains(local.reserved_environment, k) }

  # The settings io.conserver.platform.funqy.FunctionSettings reads (the secret one is a
  # secret environment variable, below).
  stage_environment = {
    for k, s in local.stages : k => merge(local.extra_environment, {
      CONSERVER_TENANT        = var.tenant
      CONSERVER_BUCKET        = google_storage_bucket.this.name
      CONSERVER_STORE         = "gcs"
      CONSERVER_GCS_PROJECT   = var.project_id
      CONSERVER_PIPELINE      = s.pipeline
      CONSERVER_PIPELINE_JSON = local.pipelines[s.pipeline].declaration_json
      CONSERVER_STAGE         = s.stage
      QUARKUS_FUNQY_EXPORT    = "${s.function}-cloudevent"
    })
  }

  event_function_max_timeout_s = 540

  # Stages deployed from function_jar, and stages deployed from an image (images.tf).
  image_stages = { for k, s in local.stages : k => s if contains(keys(var.function_images), s.function) }
  jar_stages   = { for k, s in local.stages : k => s if !contains(keys(var.function_images), s.function) }
}

resource "google_cloudfunctions2_function" "stage" {
  for_each = local.jar_stages

  project     = var.project_id
  location    = var.region
  name        = local.stage_names[each.key]
  description = "Conserver ${var.tenant}: ${each.value.pipeline}/${each.value.stage} (${each.value.function})"

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
    available_memory                 = "${each.value.memory_mb}M"
    timeout_seconds                  = min(each.value.timeout_s, local.event_function_max_timeout_s)
    max_instance_count               = each.value.concurrency
    min_instance_count               = 0
    max_instance_request_concurrency = 1
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.stage[each.key].email
    environment_variables            = local.stage_environment[each.key]

    secret_environment_variables {
      key        = "CONSERVER_PARTY_INDEX_KEY"
      project_id = var.project_id
      secret     = local.party_index_key_secret_name
      version    = "latest"
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.stage[each.key].id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  labels = merge(local.labels, {
    conserver-pipeline = each.value.pipeline
    conserver-stage    = each.value.stage
  })

  depends_on = [
    google_secret_manager_secret_iam_member.stage,
    google_secret_manager_secret_version.party_index_key,
    google_project_iam_member.trigger_event_receiver,
  ]
}
