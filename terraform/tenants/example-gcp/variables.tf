variable "project_id" {
  description = "Google Cloud project of the tenant's deployment."
  type        = string
}

variable "region" {
  description = "Region of the tenant's deployment."
  type        = string
  default     = "europe-west1"
}

variable "tenant" {
  description = "The tenant this root deploys. Copy the folder per tenant (tenants/<name>/), with its own state."
  type        = string
  default     = "example"
}

variable "pipeline_files" {
  description = "The tenant's pipeline declarations. Default: the shipped pipeline."
  type        = list(string)
  default     = null
}

variable "function_jar" {
  description = "The Cloud Functions uber-jar built by functions/gcp (its file name depends on the build: check target/)."
  type        = string
}

variable "function_images" {
  description = "Container image per function (function name => Artifact Registry image URI). Default: transcribe, translate and analyze from var.image_repository at var.image_tag."
  type        = map(string)
  default     = null
}

variable "image_repository" {
  description = "Where the function images were pushed: <region>-docker.pkg.dev/<project>/<repository> (images .../transcribe, /translate, /analyze; see the README, \"Container images\")."
  type        = string
}

variable "image_tag" {
  description = "Tag of the function images to deploy (a digest in function_images pins them exactly)."
  type        = string
  default     = "0.1.0"
}

variable "lifecycle_jar" {
  description = "The jar carrying the lifecycle function (export lifecycle-cloudevent); null until it ships (then only the backstop bucket rules expire data)."
  type        = string
  default     = null
}

variable "receipt_key_secret_id" {
  description = "Secret Manager secret (projects/<p>/secrets/<name>) with the tenant's receipt key (PEM), required with lifecycle_jar; the function reads it as a secret environment variable."
  type        = string
  default     = null
}

variable "notification_channels" {
  description = "Cloud Monitoring notification channel ids for the tenant's alerts; empty: no alert policies."
  type        = list(string)
  default     = []
}
