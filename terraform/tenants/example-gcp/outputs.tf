output "bucket_url" {
  description = "Where sources drop: <bucket_url>/inbox/<pipeline>/..."
  value       = module.tenant.bucket_url
}

output "function_ids" {
  description = "Stage functions by <pipeline>/<stage>."
  value       = module.tenant.function_ids
}

output "dead_letter_subscription_ids" {
  description = "Where each stage's quarantined events surface."
  value       = module.tenant.dead_letter_subscription_ids
}

output "party_index_key_secret_id" {
  description = "The secret holding the tenant's party-index key."
  value       = module.tenant.party_index_key_secret_id
}
