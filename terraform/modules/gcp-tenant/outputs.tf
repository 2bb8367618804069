output "bucket_name" {
  description = "The tenant's bucket (CONSERVER_BUCKET); sources drop into inbox/<pipeline>/."
  value       = google_storage_bucket.this.name
}

output "bucket_url" {
  description = "gs:// URL of the tenant's bucket."
  value       = google_storage_bucket.this.url
}

output "kms_key_id" {
  description = "The tenant key (bucket and topics)."
  value       = local.kms_key_id
}

output "stages" {
  description = "The derived stage map (keyed <pipeline>/<stage>) with prefixes and settings, as wired."
  value       = local.stages
}

output "topic_ids" {
  description = "Stage topics (fed by the bucket notifications) by stage key."
  value       = { for k, t in google_pubsub_topic.stage : k => t.id }
}

output "dead_letter_topic_ids" {
  description = "Dead-letter topics (fed by the stage's quarantine records) by stage key."
  value       = { for k, t in google_pubsub_topic.dead_letter : k => t.id }
}

output "dead_letter_subscription_ids" {
  description = "Subscriptions that keep each stage's dead letters 7 days, by stage key."
  value       = { for k, s in google_pubsub_subscription.dead_letter : k => s.id }
}

output "function_ids" {
  description = "Stage functions by stage key."
  value       = { for k, f in google_cloudfunctions2_function.stage : k => f.id }
}

output "function_uris" {
  description = "Stage functions' service URIs by stage key (internal ingress only)."
  value       = { for k, f in google_cloudfunctions2_function.stage : k => f.service_config[0].uri }
}

output "image_service_ids" {
  description = "Cloud Run services of the stages deployed from an image (var.function_images), by stage key."
  value       = { for k, s in google_cloud_run_v2_service.stage : k => s.id }
}

output "function_triggers" {
  description = "Eventarc trigger of each stage function, by stage key (its subscription is Eventarc's own)."
  value       = { for k, f in google_cloudfunctions2_function.stage : k => f.event_trigger[0].trigger }
}

output "service_account_emails" {
  description = "Stage service accounts by stage key."
  value       = { for k, a in google_service_account.stage : k => a.email }
}

output "lifecycle_function_id" {
  description = "The lifecycle function, null while var.lifecycle_jar is unset."
  value       = one(google_cloudfunctions2_function.lifecycle[*].id)
}

output "party_index_key_secret_id" {
  description = "The Secret Manager secret holding the party-index key."
  value       = local.party_index_key_secret_id
}
