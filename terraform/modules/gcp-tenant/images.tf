# Stages whose function ships as a container image (var.function_images): a Cloud Run service from
# the image, which is what a 2nd gen function is underneath, with everything else as for a
# function stage: the stage's own service account, the same settings and secret, internal
# ingress, one request at a time, the declared memory and concurrency, and an Eventarc trigger on
# the stage topic (the same event type, identity and retries as functions.tf). The image's entry
# point is the Functions Framework invoker serving the Funqy CloudEvent entry on $PORT
# (functions/<function>/Dockerfile, stage gcp); QUARKUS_FUNQY_EXPORT selects the function.

resource "google_cloud_run_v2_service" "stage" {
  for_each = local.image_stages

  project             = var.project_id
  location            = var.region
  name                = local.stage_names[each.key]
  description         = "Conserver ${var.tenant}: ${each.value.pipeline}/${each.value.stage} (${each.value.function}, image)"
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = false

  template {
    service_account                  = google_service_account.stage[each.key].email
    timeout                          = "${min(each.value.timeout_s, local.event_function_max_timeout_s)}s"
    max_instance_request_concurrency = 1

    scaling {
      min_instance_count = 0
      max_instance_count = each.value.concurrency
    }

    containers {
      image = var.function_images[each.value.function]

      resources {
        limits = {
          cpu    = "1"
          memory = "${max(each.value.memory_mb, 512)}Mi"
        }
      }

      dynamic "env" {
        for_each = local.stage_environment[each.key]
        content {
          name  = env.key
          value = env.value
        }
      }

      env {
        name = "CONSERVER_PARTY_INDEX_KEY"
        value_source {
          secret_key_ref {
            secret  = local.party_index_key_secret_name
            version = "latest"
          }
        }
      }
    }

    labels = merge(local.labels, {
      conserver-pipeline = each.value.pipeline
      conserver-stage    = each.value.stage
    })
  }

  labels = local.labels

  depends_on = [
    google_secret_manager_secret_iam_member.stage,
    google_secret_manager_secret_version.party_index_key,
  ]
}

resource "google_eventarc_trigger" "stage" {
  for_each = local.image_stages

  project         = var.project_id
  location        = var.region
  name            = local.stage_names[each.key]
  service_account = google_service_account.trigger.email

  matching_criteria {
    attribute = "type"
    value     = "google.cloud.pubsub.topic.v1.messagePublished"
  }

  transport {
    pubsub {
      topic = google_pubsub_topic.stage[each.key].id
    }
  }

  destination {
    cloud_run_service {
      service = google_cloud_run_v2_service.stage[each.key].name
      region  = var.region
    }
  }

  labels = local.labels

  depends_on = [
    google_project_iam_member.trigger_event_receiver,
    google_cloud_run_service_iam_member.stage_invoker,
  ]
}
