# Cloud Storage triggers cannot filter by prefix, notifications can: one notification per
# stage, on the stage's input prefix (inbox/<pipeline>/ for the first stage, the previous
# stage's vcons/<pipeline>/<stage>/ for the others), into the stage's topic. Notifications have
# no suffix filter; the stage runner ignores keys that are not its input. A bucket takes at
# most 100 notification configurations: two per stage here.

resource "google_storage_notification" "stage" {
  for_each = local.stages

  bucket             = google_storage_bucket.this.name
  topic              = google_pubsub_topic.stage[each.key].id
  payload_format     = "JSON_API_V1"
  event_types        = ["OBJECT_FINALIZE"]
  object_name_prefix = each.value.input_prefix

  custom_attributes = {
    conserver-stage = each.key
  }

  depends_on = [google_pubsub_topic_iam_member.stage_gcs_publisher]
}

# Quarantine records of a stage surface on its dead-letter topic.
resource "google_storage_notification" "dead_letter" {
  for_each = local.stages

  bucket             = google_storage_bucket.this.name
  topic              = google_pubsub_topic.dead_letter[each.key].id
  payload_format     = "JSON_API_V1"
  event_types        = ["OBJECT_FINALIZE"]
  object_name_prefix = each.value.quarantine_prefix

  custom_attributes = {
    conserver-stage = each.key
  }

  depends_on = [google_pubsub_topic_iam_member.dead_letter_gcs_publisher]
}
