variable "region" {
  description = "AWS region of the tenant's deployment (bucket, queues, functions)."
  type        = string
  default     = "eu-west-3"
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

variable "function_packages" {
  description = "Lambda package per function (function name => function.zip path), built by ./mvnw -B -pl functions/aws/light,functions/aws/export,functions/aws/redact -am package. Default: ingest from functions/aws/light, export and redact from their packages in this repository."
  type        = map(string)
  default     = null
}

variable "function_images" {
  description = "Container image per function (function name => ECR image URI). Default: transcribe, translate and analyze from var.image_repository at var.image_tag."
  type        = map(string)
  default     = null
}

variable "image_repository" {
  description = "Where the function images were pushed: <account>.dkr.ecr.<region>.amazonaws.com/<namespace> (images <namespace>/transcribe, /translate, /analyze; see the README, \"Container images\")."
  type        = string
}

variable "image_tag" {
  description = "Tag of the function images to deploy (a digest in function_images pins them exactly)."
  type        = string
  default     = "0.1.0"
}

variable "lifecycle_package" {
  description = "The package carrying the lifecycle function (export \"lifecycle\"); null until it ships (then only the backstop bucket rules expire data)."
  type        = string
  default     = null
}

variable "receipt_key_secret_arn" {
  description = "ARN of the Secrets Manager secret with the tenant's receipt key (PEM), required with lifecycle_package; only the ARN reaches the function."
  type        = string
  default     = null
}

variable "alarm_email" {
  description = "E-mail address subscribed to the tenant's alarms (confirm the subscription mail). Null: alarms without notification."
  type        = string
  default     = null
}
