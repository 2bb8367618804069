# Identities. Every stage function runs as its own service account, granted on the tenant's
# bucket only, through IAM conditions on the prefixes the pipeline module lists for the stage
# (each.value.access). What conditions can and cannot do on Cloud Storage:
# - they need uniform bucket-level access (on) and predefined or custom roles (no legacy roles);
# - object reads and creates are checked on the object name (resource.name);
# - a list is checked on the bucket, so it is limited with the requested list prefix
#   (storage.googleapis.com/objectListPrefix), which the client must send;
# - an expression has at most 12 logical operators, and a principal at most 20 conditional
#   bindings of one role: one binding per role and stage, with the prefixes OR-ed (the widest,
#   the read binding, uses 8; terraform/checks counts them).
# Project-level roles appear only where Google offers no narrower resource, listed below.

locals {
  object_name_prefix = "projects/_/buckets/${google_storage_bucket.this.name}/objects/"

  # Project-level grants this module makes, and why nothing narrower exists.
  project_roles_justified = {
    "roles/eventarc.eventReceiver" = "Eventarc checks the trigger identity's right to receive events on the project; the role has no narrower resource."
  }

  stage_read_condition = {
    for k, s in local.stages : k => join(" || ", [
      "(resource.type == \"storage.googleapis.com/Object\" && (${join(" || ", [for p in s.access.read : "resource.name.startsWith(\"${local.object_name_prefix}${p}\")"])}))",
      "(resource.type == \"storage.googleapis.com/Bucket\" && (${join(" || ", [for p in s.access.list : "api.getAttribute(\"storage.googleapis.com/objectListPrefix\", \"\").startsWith(\"${p}\")"])}))",
    ])
  }
  stage_create_condition = {
    for k, s in local.stages : k => join(" || ", [for p in s.access.create : "resource.name.startsWith(\"${local.object_name_prefix}${p}\")"])
  }
  stage_overwrite_condition = {
    for k, s in local.stages : k => join(" || ", [for p in s.access.overwrite : "resource.name.startsWith(\"${local.object_name_prefix}${p}\")"])
  }
}

resource "google_service_account" "stage" {
  for_each = local.stages

  project      = var.project_id
  account_id   = local.stage_account_ids[each.key]
  display_name = "Conserver ${var.tenant}: ${each.key}"
  description  = "Runs stage ${each.value.stage} of pipeline ${each.value.pipeline} for tenant ${var.tenant}."
}

resource "google_storage_bucket_iam_member" "stage_read" {
  for_each = local.stages

  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.stage[each.key].member

  condition {
    title       = "conserver-read-${each.value.hash}"
    description = "${each.key}: its input, its own output and the shared ledger, index and media"
    expression  = local.stage_read_condition[each.key]
  }
}

# Creates only (storage.objects.create): every stage write is create-if-absent
# (ifGenerationMatch=0), so no stage can replace or delete what exists.
resource "google_storage_bucket_iam_member" "stage_create" {
  for_each = local.stages

  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectCreator"
  member = google_service_account.stage[each.key].member

  condition {
    title       = "conserver-create-${each.value.hash}"
    description = "${each.key}: its output, attempts, ledger, meter, index and media records"
    expression  = local.stage_create_condition[each.key]
  }
}

# Quarantine records of the stage's own events are rewritten (the latest error wins), and so is
# its job sweep's cursor.
resource "google_storage_bucket_iam_member" "stage_overwrite" {
  for_each = local.stages

  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectUser"
  member = google_service_account.stage[each.key].member

  condition {
    title       = "conserver-quarantine-${each.value.hash}"
    description = "${each.key}: its own quarantine records and job sweep cursor"
    expression  = local.stage_overwrite_condition[each.key]
  }
}

resource "google_secret_manager_secret_iam_member" "stage" {
  for_each = local.stages

  project   = var.project_id
  secret_id = local.party_index_key_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.stage[each.key].member
}

# --- the Eventarc trigger identity -----------------------------------------------------------
# One per tenant: it may invoke the tenant's functions (run.invoker on each service) and
# receive events (project-level eventReceiver, see project_roles_justified).

resource "google_service_account" "trigger" {
  project      = var.project_id
  account_id   = "cs-trigger-${substr(sha1(var.tenant), 0, 12)}"
  display_name = "Conserver ${var.tenant}: Eventarc triggers"
}

resource "google_project_iam_member" "trigger_event_receiver" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = google_service_account.trigger.member
}

# Pub/Sub signs the push requests to the functions with tokens of the trigger identity
# (needed in projects created before April 2021, harmless after).
resource "google_service_account_iam_member" "pubsub_token_creator" {
  service_account_id = google_service_account.trigger.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

# A 2nd gen function runs as the Cloud Run service of the same name; an image stage is one.
resource "google_cloud_run_service_iam_member" "stage_invoker" {
  for_each = local.stages

  project  = var.project_id
  location = var.region
  service  = local.stage_names[each.key]
  role     = "roles/run.invoker"
  member   = google_service_account.trigger.member

  depends_on = [google_cloudfunctions2_function.stage, google_cloud_run_v2_service.stage]
}

# --- the lifecycle function ------------------------------------------------------------------
# It expires and erases across the whole bucket: objectUser on the tenant's bucket, and only it.

resource "google_service_account" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  project      = var.project_id
  account_id   = "cs-lifecycle-${substr(sha1(var.tenant), 0, 12)}"
  display_name = "Conserver ${var.tenant}: lifecycle"
}

resource "google_storage_bucket_iam_member" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectUser"
  member = google_service_account.lifecycle[0].member
}

resource "google_secret_manager_secret_iam_member" "lifecycle" {
  count = var.lifecycle_jar == null ? 0 : 1

  project   = var.project_id
  secret_id = local.party_index_key_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.lifecycle[0].member
}

# The lifecycle function reads the receipt key, and only it besides the party-index key.
resource "google_secret_manager_secret_iam_member" "lifecycle_receipt_key" {
  count = var.lifecycle_jar == null || var.receipt_key_secret_id == null ? 0 : 1

  project   = local.receipt_key_secret_project
  secret_id = var.receipt_key_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.lifecycle[0].member
}

resource "google_cloud_run_service_iam_member" "lifecycle_invoker" {
  count = var.lifecycle_jar == null ? 0 : 1

  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.lifecycle[0].name
  role     = "roles/run.invoker"
  member   = google_service_account.trigger.member
}
