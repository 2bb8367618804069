output "namespace" {
  description = "The tenant's namespace."
  value       = module.tenant.namespace
}

output "minio_notification_commands" {
  description = "Run these against the store once: they publish each stage's input prefix to its topic."
  value       = module.tenant.minio_notification_commands
}
