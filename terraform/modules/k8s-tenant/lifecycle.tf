# The lifecycle function (authoritative expiry, erase requests, receipts) as a CronJob on the same
# image; the store's own lifecycle rules are the backstop (see output store_lifecycle_rules: MinIO
# and Ceph RGW apply S3 lifecycle configurations; set them with `mc ilm import` or the S3 API).
# No command: the image's entry point hands the args to the application, and `--lifecycle` runs
# one lifecycle pass and exits (0 when it completed; one line on stderr and a non-zero status
# when a setting is wrong or the store unreachable, so the Job retries and then shows failed).
# It serves every pipeline of the tenant (CONSERVER_PIPELINES_JSON, a JSON array, as on AWS and
# GCP) and reads the party-index key and the receipt signing key from the operator's Secret.

locals {
  lifecycle_env = concat(local.store_env, [
    { name = "CONSERVER_PIPELINES_JSON", value = "[${join(",", [for p in values(local.pipelines) : p.declaration_json])}]" },
    ], var.store_ca_bundle_pem == null ? [] : [
    { name = "CONSERVER_S3_CA_BUNDLE", value = "/etc/conserver/store-ca/ca.pem" },
  ])
}

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
        # A hung run must not hold the schedule forever (concurrency "Forbid" skips later runs
        # while one is active); the next run resumes what this one left unfinished.
        active_deadline_seconds = var.lifecycle_deadline_s
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
                for_each = local.lifecycle_env
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
              env_from {
                secret_ref {
                  name = var.lifecycle_keys_secret_id
                }
              }
              # The namespace enforces the restricted Pod Security Standard, as for the Services.
              security_context {
                run_as_non_root            = true
                allow_privilege_escalation = false
                read_only_root_filesystem  = true
                capabilities {
                  drop = ["ALL"]
                }
                seccomp_profile {
                  type = "RuntimeDefault"
                }
              }
              resources {
                requests = { cpu = "250m", memory = "512Mi" }
                limits   = { memory = "512Mi" }
              }
              # The JVM's only writes (hsperfdata, temporary files) go to /tmp.
              volume_mount {
                name       = "tmp"
                mount_path = "/tmp"
              }
              dynamic "volume_mount" {
                for_each = var.store_ca_bundle_pem == null ? [] : ["store-ca"]
                content {
                  name       = volume_mount.value
                  mount_path = "/etc/conserver/store-ca"
                  read_only  = true
                }
              }
            }
            volume {
              name = "tmp"
              empty_dir {}
            }
            dynamic "volume" {
              for_each = var.store_ca_bundle_pem == null ? [] : ["store-ca"]
              content {
                name = volume.value
                config_map {
                  name = "store-ca"
                }
              }
            }
          }
        }
      }
    }
  }
}
