# The lifecycle function (authoritative expiry, erase requests, receipts) as a CronJob on the same
# image (jobs.tf); the store's own lifecycle rules are the backstop (see output
# store_lifecycle_rules: MinIO and Ceph RGW apply S3 lifecycle configurations; set them with
# `mc ilm import` or the S3 API). `--lifecycle` runs one lifecycle pass and exits (0 when it
# completed; one line on stderr and a non-zero status when a setting is wrong or the store
# unreachable, so the Job retries and then shows failed). It serves every pipeline of the tenant
# (CONSERVER_PIPELINES_JSON, a JSON array, as on AWS and GCP) and reads the party-index key and
# the receipt signing key from the operator's Secret.

locals {
  lifecycle_env = concat(local.store_env, [
    { name = "CONSERVER_PIPELINES_JSON", value = "[${join(",", [for p in values(local.pipelines) : p.declaration_json])}]" },
  ], local.store_ca_env)

  lifecycle_job = {
    schedule   = var.lifecycle_schedule, deadline_s = var.lifecycle_deadline_s, args = var.lifecycle_args
    env        = local.lifecycle_env, secrets = [var.lifecycle_keys_secret_id], egress = null
    configured = true, needs = ""
  }
}
