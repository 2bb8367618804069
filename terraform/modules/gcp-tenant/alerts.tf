# Alerts, when notification channels are given: anything waiting on a stage's dead-letter
# subscription (a quarantined event) and server errors of a stage function.

resource "google_monitoring_alert_policy" "dead_letter" {
  for_each = length(var.notification_channels) == 0 ? {} : local.stages

  project      = var.project_id
  display_name = "Conserver ${var.tenant}: dead letters in ${each.key}"
  combiner     = "OR"

  conditions {
    display_name = "undelivered dead letters"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND resource.labels.subscription_id = \"${google_pubsub_subscription.dead_letter[each.key].name}\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "300s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  notification_channels = var.notification_channels
  user_labels           = local.labels
}

resource "google_monitoring_alert_policy" "function_errors" {
  for_each = length(var.notification_channels) == 0 ? {} : local.stages

  project      = var.project_id
  display_name = "Conserver ${var.tenant}: ${each.key} function errors"
  combiner     = "OR"

  conditions {
    display_name = "5xx responses"
    condition_threshold {
      filter          = "resource.type = \"cloud_run_revision\" AND resource.labels.service_name = \"${local.stage_names[each.key]}\" AND metric.type = \"run.googleapis.com/request_count\" AND metric.labels.response_code_class = \"5xx\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_SUM"
      }
    }
  }

  notification_channels = var.notification_channels
  user_labels           = local.labels
}
