output "namespace" {
  description = "The tenant's namespace."
  value       = kubernetes_namespace_v1.tenant.metadata[0].name
}

output "stage_topics" {
  description = "Per stage: the topic the store must publish the stage's input prefix to, the prefix, and the dead-letter topic."
  value = {
    for k, s in local.stages : k => {
      topic        = local.topics[k]
      input_prefix = s.input_prefix
      dead_letter  = "${local.topics[k]}.dead-letter"
    }
  }
}

output "minio_notification_commands" {
  description = "The MinIO commands that publish each stage's input prefix to its topic (one Kafka notification target per stage topic, named like the topic)."
  value = [
    for k, s in local.stages :
    "mc event add <alias>/${var.bucket} arn:minio:sqs::${replace(local.topics[k], ".", "-")}:kafka --event put --prefix ${s.input_prefix}${s.input_suffix == "" ? "" : " --suffix ${s.input_suffix}"}"
  ]
}

output "store_lifecycle_rules" {
  description = "The backstop expiry rules (prefix => days) to apply as the store's S3 lifecycle configuration."
  value       = local.lifecycle_rules
}
