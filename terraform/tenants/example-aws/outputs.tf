output "bucket_name" {
  description = "Where sources drop: s3://<bucket>/inbox/<pipeline>/..."
  value       = module.tenant.bucket_name
}

output "function_names" {
  description = "Stage functions by <pipeline>/<stage>."
  value       = module.tenant.function_names
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queues by <pipeline>/<stage>."
  value       = module.tenant.dead_letter_queue_urls
}

output "party_index_key_secret_arn" {
  description = "The secret holding the tenant's party-index key."
  value       = module.tenant.party_index_key_secret_arn
}
