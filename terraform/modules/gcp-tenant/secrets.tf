# The party-index HMAC key (CONSERVER_PARTY_INDEX_KEY): an existing Secret Manager secret, or
# one created here with 32 random bytes. Functions get it through a secret environment
# variable (resolved by the platform at start), never a plain one.

resource "google_secret_manager_secret" "party_index_key" {
  count = var.party_index_key_secret_id == null ? 1 : 0

  project   = var.project_id
  secret_id = "${local.base_name}-party-index-key"

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }

  labels = local.labels
}

resource "random_bytes" "party_index_key" {
  count  = var.party_index_key_secret_id == null ? 1 : 0
  length = 32
}

resource "google_secret_manager_secret_version" "party_index_key" {
  count = var.party_index_key_secret_id == null ? 1 : 0

  secret      = google_secret_manager_secret.party_index_key[0].id
  secret_data = random_bytes.party_index_key[0].base64
}

locals {
  party_index_key_secret_id = (var.party_index_key_secret_id == null
    ? google_secret_manager_secret.party_index_key[0].id
  : var.party_index_key_secret_id)
  # Secret environment variables name the secret by its short id within the project.
  party_index_key_secret_name = element(split("/", local.party_index_key_secret_id), length(split("/", local.party_index_key_secret_id)) - 1)
}

# The receipt signing key (CONSERVER_RECEIPT_KEY of the lifecycle function): always an existing
# secret the operator made, named by projects/<p>/secrets/<name>.
locals {
  receipt_key_secret_parts   = var.receipt_key_secret_id == null ? [] : split("/", var.receipt_key_secret_id)
  receipt_key_secret_project = var.receipt_key_secret_id == null ? null : local.receipt_key_secret_parts[1]
  receipt_key_secret_name    = var.receipt_key_secret_id == null ? null : local.receipt_key_secret_parts[3]
}
