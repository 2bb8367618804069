output "bucket_name" {
  description = "The tenant's bucket (CONSERVER_BUCKET); sources drop into inbox/<pipeline>/."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the tenant's bucket."
  value       = aws_s3_bucket.this.arn
}

output "kms_key_arn" {
  description = "ARN of the tenant key (bucket, queues, secret, logs, function environment)."
  value       = aws_kms_key.tenant.arn
}

output "stages" {
  description = "The derived stage map (keyed <pipeline>/<stage>) with prefixes and settings, as wired."
  value       = local.stages
}

output "queue_arns" {
  description = "Stage queue ARNs by stage key."
  value       = { for k, q in aws_sqs_queue.stage : k => q.arn }
}

output "queue_urls" {
  description = "Stage queue URLs by stage key."
  value       = { for k, q in aws_sqs_queue.stage : k => q.url }
}

output "dead_letter_queue_arns" {
  description = "Dead-letter queue ARNs by stage key."
  value       = { for k, q in aws_sqs_queue.dead_letter : k => q.arn }
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queue URLs by stage key (start a redrive from here)."
  value       = { for k, q in aws_sqs_queue.dead_letter : k => q.url }
}

output "function_arns" {
  description = "Stage function ARNs by stage key."
  value       = { for k, f in aws_lambda_function.stage : k => f.arn }
}

output "function_names" {
  description = "Stage function names by stage key."
  value       = { for k, f in aws_lambda_function.stage : k => f.function_name }
}

output "role_arns" {
  description = "Stage function role ARNs by stage key."
  value       = { for k, r in aws_iam_role.stage : k => r.arn }
}

output "lifecycle_function_arn" {
  description = "ARN of the lifecycle function, null while var.lifecycle_package is unset."
  value       = one(aws_lambda_function.lifecycle[*].arn)
}

output "party_index_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the party-index key."
  value       = local.party_index_key_secret_arn
}

output "transcribe_job_rule_arns" {
  description = "EventBridge rules that deliver the end of Amazon Transcribe jobs to their aws-transcribe stage, by stage key (empty without such a stage)."
  value       = { for k, r in aws_cloudwatch_event_rule.transcribe_jobs : k => r.arn }
}

output "ecr_repository_policy_json" {
  description = "The repository policy statement that lets Lambda pull the images of this account's <name_prefix>-* functions: what manage_ecr_repository_policy writes, for merging into an existing repository policy instead."
  value       = data.aws_iam_policy_document.ecr_pull.json
}
