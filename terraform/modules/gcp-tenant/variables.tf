variable "project_id" {
  description = "Google Cloud project of the tenant's deployment."
  type        = string
}

variable "region" {
  description = "Region of the functions, topics, key and (by default) bucket, e.g. europe-west1."
  type        = string
}

variable "tenant" {
  description = "Tenant name: part of every resource name and the value of CONSERVER_TENANT. One deployment of this module serves exactly one tenant."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}$", var.tenant))
    error_message = "tenant is 2-31 characters of lower-case letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "pipeline_files" {
  description = "Paths of the tenant's pipeline declarations (terraform/pipelines/<name>.json). Every per-stage resource is expanded from them; list all of the tenant's pipelines, since they share one bucket."
  type        = list(string)
}

variable "name_prefix" {
  description = "Prefix of every resource name (<name_prefix>-<tenant>-...)."
  type        = string
  default     = "conserver"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,15}$", var.name_prefix))
    error_message = "name_prefix is up to 16 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "bucket_name" {
  description = "Name of the tenant's bucket. Null: <name_prefix>-<tenant>-<hash of the project id>."
  type        = string
  default     = null
}

variable "bucket_location" {
  description = "Location of the tenant's bucket. Null: var.region (keep the data where the functions run; a multi-region needs a multi-region key)."
  type        = string
  default     = null
}

variable "function_jar" {
  description = "Path of the Cloud Functions uber-jar built by functions/gcp (target/*.jar; its exact name depends on the build). It is zipped and uploaded to the tenant's source bucket; every stage deploys it and selects its function with QUARKUS_FUNQY_EXPORT=<function>-cloudevent."
  type        = string
}

variable "function_images" {
  description = "Container image per function => its Artifact Registry image URI (<region>-docker.pkg.dev/<project>/<repository>/<image>:<tag> or @sha256:<digest>). Stages of these functions run as Cloud Run services from the image (functions/<name>/Dockerfile, stage gcp: the same Funqy CloudEvent entry behind the Functions Framework invoker) with the same Eventarc trigger, identity and settings as a function; every other stage deploys function_jar. For functions that a zip cannot carry: transcribe with the offline engine, translate with apertium, analyze with its model."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for f, uri in var.function_images : can(regex("^[a-z][a-z0-9-]*$", f))
      && can(regex("^[a-z0-9-]+-docker\\.pkg\\.dev/[a-z0-9-]+/[a-z0-9._-]+/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", uri))
    ])
    error_message = "function_images maps function names (lower-case, e.g. transcribe) to Artifact Registry image URIs with a tag or digest."
  }
}

variable "function_entry_point" {
  description = "Entry point of the Funqy CloudEvents package."
  type        = string
  default     = "io.quarkus.funqy.gcp.functions.FunqyCloudEventsFunction"
}

variable "function_runtime" {
  description = "Cloud Functions runtime."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.function_runtime)
    error_message = "function_runtime is java17 or java21 (the platform targets Java 17 bytecode)."
  }
}

variable "environment" {
  description = "Extra environment variables for every function (e.g. JAVA_TOOL_OPTIONS, CONSERVER_GCS_CHUNK_MB). The variables the module sets itself cannot be overridden here."
  type        = map(string)
  default     = {}
}

variable "grace_days" {
  description = "Days the backstop bucket lifecycle rules wait after each declared retention before deleting (the lifecycle function is authoritative and expires on time)."
  type        = number
  default     = 7
}

variable "attempts_expire_days" {
  description = "Days after which delivery-attempt markers (attempts/) are deleted."
  type        = number
  default     = 7
}

variable "versioning_enabled" {
  description = "Keep noncurrent object versions. Off by default for the same reason as on AWS: an erase is only complete once no copy is left (with versioning on, a rule deletes noncurrent versions after noncurrent_version_expire_days)."
  type        = bool
  default     = false
}

variable "noncurrent_version_expire_days" {
  description = "With versioning on: days after which noncurrent versions are deleted."
  type        = number
  default     = 1
}

variable "soft_delete_retention_seconds" {
  description = "GCS soft delete keeps deleted objects restorable (7 days unless told otherwise). 0 turns it off, so an erase or expiry really removes the bytes; 604800-7776000 keeps them that long (and bills them)."
  type        = number
  default     = 0
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket (every object of the tenant). Keep false except when removing a tenant on purpose (see terraform/README.md)."
  type        = bool
  default     = false
}

variable "kms_key_id" {
  description = "Existing Cloud KMS key (projects/.../locations/<region>/keyRings/.../cryptoKeys/...) for the bucket and topics. Null: the module creates a key ring and key for the tenant (Cloud KMS never deletes key rings or keys; destroy only destroys the key's versions)."
  type        = string
  default     = null
}

variable "party_index_key_secret_id" {
  description = "Existing Secret Manager secret (projects/<p>/secrets/<name>) holding the tenant's party-index HMAC key (base64). Null: the module creates one with 32 random bytes (then also in the Terraform state). Functions read it as CONSERVER_PARTY_INDEX_KEY through a secret environment variable, so it never sits in the function's configuration."
  type        = string
  default     = null
}

variable "receipt_key_secret_id" {
  description = "Secret Manager secret (projects/<p>/secrets/<name>) holding the tenant's receipt signing key: PEM with the PKCS#8 PRIVATE KEY and the PUBLIC KEY block of an EC P-256 key (the layout of the local runtime's keys/receipt-signing.key). Required when the lifecycle function is deployed. The function gets it as CONSERVER_RECEIPT_KEY through a secret environment variable, so only the reference is in its configuration and the key is never in the Terraform state."
  type        = string
  default     = null

  validation {
    condition     = var.receipt_key_secret_id == null || can(regex("^projects/[^/]+/secrets/[A-Za-z0-9_-]+$", var.receipt_key_secret_id))
    error_message = "receipt_key_secret_id must name a Secret Manager secret (projects/<project>/secrets/<name>), never the key itself."
  }
}

variable "lifecycle_jar" {
  description = "Path of the uber-jar that carries the lifecycle function (export lifecycle-cloudevent), usually the same as function_jar. Null: no lifecycle function is deployed, and only the backstop bucket rules expire data (grace_days late, without receipts)."
  type        = string
  default     = null
}

variable "lifecycle_schedule" {
  description = "Cloud Scheduler cron of the lifecycle function's runs."
  type        = string
  default     = "17 */6 * * *"
}

variable "lifecycle_memory_mb" {
  description = "Memory of the lifecycle function."
  type        = number
  default     = 1024
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channels for the dead-letter and function-error alerts. Empty: no alert policy is created."
  type        = list(string)
  default     = []
}

variable "labels" {
  description = "Labels added to every resource that takes labels."
  type        = map(string)
  default     = {}
}

variable "teams_renew_schedule" {
  description = "Cloud Scheduler cron of the Teams subscription renewal (deployed only when a declaration has options.fetch_media.teams). Subscriptions live 55 minutes and are renewed when they expire within 20, so at most every 20 minutes."
  type        = string
  default     = "*/10 * * * *"
}

variable "teams_client_state_ref" {
  description = "Reference (env:NAME) to the client state Graph echoes in Teams notifications, the webhook's webhooks.teams.client_state_ref: the renewal function needs it to re-create a subscription Graph removed. The value itself goes in var.environment (as TEAMS_CLIENT_SECRET does for the Graph app), never here."
  type        = string
  default     = "env:TEAMS_CLIENT_STATE"

  validation {
    condition     = can(regex("^(env|config):[A-Za-z0-9_.-]+$", var.teams_client_state_ref))
    error_message = "teams_client_state_ref is a reference, env:NAME or config:key, never the client state itself."
  }
}
