# Per stage: the topic its bucket notification publishes to (the Eventarc trigger of the stage
# function subscribes to it), and a dead-letter topic.
#
# Delivery attempts: Eventarc creates and owns the push subscription between the topic and the
# function (retention 24 h, backoff 10-600 s, no dead-letter policy), and Terraform cannot set
# one on a subscription it does not own. Without a dead-letter policy Pub/Sub reports no
# delivery attempt to the function, so the stage runner counts attempts in the bucket
# (attempts/<pipeline>/<stage>/<event>/<n>, create-if-absent, written before the work) and
# quarantines on the declared max_receive_count, then acknowledges. A crash or timeout still
# leaves its marker, so the next delivery counts it. The dead-letter topic receives every
# quarantine record of the stage (notifications.tf): it is where failed events surface, like
# an SQS dead-letter queue, with a subscription that keeps them 7 days to alert on.

resource "google_pubsub_topic" "stage" {
  for_each = local.stages

  project      = var.project_id
  name         = "${local.stage_names[each.key]}-in"
  kms_key_name = local.kms_key_id
  labels       = local.labels

  depends_on = [google_kms_crypto_key_iam_member.pubsub_agent]
}

resource "google_pubsub_topic" "dead_letter" {
  for_each = local.stages

  project      = var.project_id
  name         = "${local.stage_names[each.key]}-dead-letter"
  kms_key_name = local.kms_key_id
  labels       = local.labels

  depends_on = [google_kms_crypto_key_iam_member.pubsub_agent]
}

resource "google_pubsub_subscription" "dead_letter" {
  for_each = local.stages

  project = var.project_id
  name    = "${local.stage_names[each.key]}-dead-letter"
  topic   = google_pubsub_topic.dead_letter[each.key].id

  message_retention_duration = "604800s"
  ack_deadline_seconds       = 60

  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  labels = local.labels
}

# The Cloud Storage service agent publishes the bucket's notifications.
resource "google_pubsub_topic_iam_member" "stage_gcs_publisher" {
  for_each = local.stages

  project = var.project_id
  topic   = google_pubsub_topic.stage[each.key].id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_pubsub_topic_iam_member" "dead_letter_gcs_publisher" {
  for_each = local.stages

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.key].id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}
