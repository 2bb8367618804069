output "namespace" {
  description = "The tenant's on-premise namespace."
  value       = module.premises.namespace
}

output "minio_notification_commands" {
  description = "Run these against the on-premise store once: they publish each stage's input prefix to its topic."
  value       = module.premises.minio_notification_commands
}

output "cloud_bucket_name" {
  description = "The tenant's cloud bucket, where hybrid-cloud runs from inbox/hybrid-cloud/."
  value       = module.cloud.bucket_name
}

output "cloud_exporter_user" {
  description = "The IAM user whose access key the export-to-cloud stages use (create the key, store it in the Secret named by cloud_credentials_secret_id)."
  value       = aws_iam_user.cloud_exporter.name
}
