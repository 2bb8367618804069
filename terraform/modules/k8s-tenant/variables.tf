variable "tenant" {
  description = "Tenant name: its namespace (<name_prefix>-<tenant>) and CONSERVER_TENANT. One deployment of this module serves exactly one tenant."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}$", var.tenant))
    error_message = "tenant is 2-31 characters of lower-case letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "pipeline_files" {
  description = "Paths of the tenant's pipeline declarations (terraform/pipelines/<name>.json); every per-stage object is expanded from them."
  type        = list(string)
}

variable "name_prefix" {
  description = "Prefix of the namespace, topics and object names."
  type        = string
  default     = "conserver"
}

variable "functions_image" {
  description = "The image built from functions/knative/Dockerfile (every stage function; a Service selects one with QUARKUS_FUNQY_EXPORT)."
  type        = string
}

variable "store_endpoint" {
  description = "URL of the S3-compatible store (MinIO, Ceph RGW), e.g. https://minio.storage.svc:9000."
  type        = string
}

variable "store_region" {
  description = "Region name the store signs requests with (MinIO: us-east-1 unless configured)."
  type        = string
  default     = "us-east-1"
}

variable "bucket" {
  description = "The tenant's bucket in the store."
  type        = string
}

variable "store_access_key" {
  description = "Access key of the tenant's store user (a policy limited to its bucket)."
  type        = string
  sensitive   = true
}

variable "store_secret_key" {
  description = "Secret key of the tenant's store user."
  type        = string
  sensitive   = true
}

variable "store_ca_bundle_pem" {
  description = "PEM of the CA that signed the store's certificate (self-signed on premise); null when a public CA signed it."
  type        = string
  default     = null
}

variable "store_cidrs" {
  description = "Where the store listens (IP blocks): the only egress besides the Kafka brokers and DNS."
  type        = list(string)
}

variable "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers the store publishes its bucket notifications to."
  type        = string
}

variable "kafka_cidrs" {
  description = "Where the Kafka brokers listen (IP blocks)."
  type        = list(string)
}

variable "eventing_namespaces" {
  description = "Namespaces whose pods deliver events and route requests to the tenant's Services (Knative's activator and the Kafka source dispatcher)."
  type        = list(string)
  default     = ["knative-serving", "knative-eventing"]
}

variable "lifecycle_schedule" {
  description = "Cron schedule of the lifecycle job (expiry and erase requests)."
  type        = string
  default     = "17 3 * * *"
}

variable "lifecycle_deadline_s" {
  description = "Longest a lifecycle job may run before Kubernetes stops it (the next scheduled run resumes an interrupted one)."
  type        = number
  default     = 3600
}

variable "lifecycle_args" {
  description = "Arguments of the lifecycle job's container: the image's entry point hands them to the application, where --lifecycle runs the lifecycle once and exits (functions/knative KnativeMain)."
  type        = list(string)
  default     = ["--lifecycle"]
}

variable "lifecycle_keys_secret_id" {
  description = "Name of a Secret in the tenant's namespace holding CONSERVER_PARTY_INDEX_KEY (the party-index HMAC key, base64) and CONSERVER_RECEIPT_KEY (PEM with the PKCS#8 PRIVATE KEY and the PUBLIC KEY block of an EC P-256 key, the layout of the local runtime's keys/receipt-signing.key). Created by the operator with kubectl, so the keys never enter the Terraform state; the lifecycle job reads both, the stage Services only CONSERVER_PARTY_INDEX_KEY (the party index that erase by party reads)."
  type        = string
}

variable "engines_image" {
  description = "The image built with `--target engines` from functions/knative/Dockerfile (the same package plus the offline engines); stages whose engine option is in offline_engines run on it. Null: every stage runs functions_image."
  type        = string
  default     = null
}

variable "offline_engines" {
  description = "Values of a stage's \"engine\" option that run inside the container (PocketSphinx, apertium): those stages run on engines_image."
  type        = list(string)
  default     = ["pocketsphinx", "apertium"]
}

variable "cloud_export" {
  description = "Hybrid tenants: the tenant's cloud bucket that export-to-cloud stages write into (bucket name and region, passed as CONSERVER_CLOUD_BUCKET and CONSERVER_CLOUD_REGION, which the shipped hybrid-onprem declaration references), and the IP blocks of its endpoint (the only egress those stages get beyond the tenant's own). Null for tenants without export-to-cloud."
  type = object({
    bucket = string
    region = string
    cidrs  = list(string)
  })
  default = null
}

variable "cloud_credentials_secret_id" {
  description = "Name of an existing Secret in the tenant's namespace holding CONSERVER_CLOUD_ACCESS_KEY_ID and CONSERVER_CLOUD_SECRET_ACCESS_KEY for an S3 cloud bucket, or CONSERVER_CLOUD_GCS_KEY (a service-account key in JSON) for a Cloud Storage one (a cloud identity allowed to write the cloud pipeline's inbox only); passed by reference so the key never enters the Terraform state. Required with cloud_export."
  type        = string
  default     = null
}

variable "teams_renew_schedule" {
  description = "Cron schedule of the Teams subscription renewal job (created only when a declaration has options.fetch_media.teams). Subscriptions live 55 minutes and are renewed when they expire within 20, so at most every 20 minutes."
  type        = string
  default     = "*/10 * * * *"
}

variable "teams_renew_deadline_s" {
  description = "Longest a Teams renewal job may run, retries included, before Kubernetes stops it: shorter than the schedule's interval, so a hung pass cannot skip the next (the job's concurrency policy is Forbid)."
  type        = number
  default     = 300
}

variable "teams_renew_args" {
  description = "Arguments of the Teams renewal job's container: the image's entry point hands them to the application, where --teams-renew runs one renewal pass and exits (functions/knative KnativeMain)."
  type        = list(string)
  default     = ["--teams-renew"]
}

variable "teams_secret_id" {
  description = "Name of an existing Secret in the tenant's namespace whose keys become the Teams renewal job's environment: the Graph app's client secret under the name the declaration's client_secret_ref gives (env:TEAMS_CLIENT_SECRET: key TEAMS_CLIENT_SECRET) and, under the key TEAMS_CLIENT_STATE, the client state Graph echoes in Teams notifications (the webhook's webhooks.teams.client_state_ref), which the job needs to re-create a subscription Graph removed. Created by the operator with kubectl, so neither enters the Terraform state. Required when a declaration has a Teams source; null otherwise."
  type        = string
  default     = null
}

variable "teams_egress_cidrs" {
  description = "IP blocks where the Teams renewal job reaches Azure AD (login.microsoftonline.com) and Microsoft Graph (graph.microsoft.com) over HTTPS; Microsoft publishes them (https://learn.microsoft.com/en-us/microsoft-365/enterprise/urls-and-ip-address-ranges). Only the job's pods get this egress. Required when a declaration has a Teams source."
  type        = list(string)
  default     = []
}
