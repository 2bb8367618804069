# The image's one-shot runs, each a CronJob: the lifecycle (lifecycle.tf) for every tenant, the
# Teams subscription renewal (teams_renew.tf) for a tenant with a Teams source. No command: the
# image's entry point hands the args to the application, whose main (functions/knative
# KnativeMain) runs the one pass the args name before Quarkus starts and exits. Each gets the
# store credentials and its own Secrets by reference, never a value in the manifest.

locals {
  jobs = merge(
    { lifecycle = local.lifecycle_job },
    local.teams_pipeline == null ? {} : { "teams-renew" = local.teams_renew_job },
  )
}

moved {
  from = kubernetes_cron_job_v1.lifecycle
  to   = kubernetes_cron_job_v1.job["lifecycle"]
}

resource "kubernetes_cron_job_v1" "job" {
  for_each = local.jobs

  metadata {
    name      = each.key
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    schedule = each.value.schedule
    # One run at a time: two would race on the runs' state in the bucket.
    concurrency_policy            = "Forbid"
    successful_jobs_history_limit = 3
    failed_jobs_history_limit     = 3
    job_template {
      metadata {}
      spec {
        backoff_limit = 2
        # A hung run must not hold the schedule forever (concurrency "Forbid" skips later runs
        # while one is active); the next run resumes what this one left unfinished.
        active_deadline_seconds = each.value.deadline_s
        template {
          metadata {
            labels = merge(
              { "conserver.io/tenant" = var.tenant },
              each.value.egress == null ? {} : { "conserver.io/egress" = each.value.egress }
            )
          }
          spec {
            restart_policy = "OnFailure"
            container {
              name  = each.key
              image = var.functions_image
              args  = each.value.args
              dynamic "env" {
                for_each = each.value.env
                content {
                  name  = env.value.name
                  value = env.value.value
                }
              }
              dynamic "env_from" {
                for_each = concat([kubernetes_secret_v1.store.metadata[0].name], each.value.secrets)
                content {
                  secret_ref {
                    name = env_from.value
                  }
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

  lifecycle {
    precondition {
      condition     = each.value.configured
      error_message = "CronJob ${each.key}: ${each.value.needs}"
    }
  }
}
