# The lifecycle function (authoritative expiry, erase requests, receipts) as a CronJob on the same
# image; the store's own lifecycle rules are the backstop (see output store_lifecycle_rules: MinIO
# and Ceph RGW apply S3 lifecycle configurations; set them with `mc ilm import` or the S3 API).
resource "kubernetes_cron_job_v1" "lifecycle" {
  metadata {
    name      = "lifecycle"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    schedule                      = var.lifecycle_schedule
    concurrency_policy            = "Forbid"
    successful_jobs_history_limit = 3
    failed_jobs_history_limit     = 3
    job_template {
      metadata {}
      spec {
        backoff_limit = 2
        template {
          metadata {
            labels = { "conserver.io/tenant" = var.tenant }
          }
          spec {
            restart_policy = "OnFailure"
            container {
              name  = "lifecycle"
              image = var.functions_image
              args  = var.lifecycle_args
              dynamic "env" {
                for_each = local.store_env
                content {
                  name  = env.value.name
                  value = env.value.value
                }
              }
              env_from {
                secret_ref {
                  name = kubernetes_secret_v1.store.metadata[0].name
                }
              }
              security_context {
                run_as_non_root            = true
                allow_privilege_escalation = false
                read_only_root_filesystem  = true
              }
            }
          }
        }
      }
    }
  }
}
