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
  description = "Lambda package per function (function name => function.zip path), built by ./mvnw -B -pl functions/aws/light,functions/aws/export -am package. Default: ingest from functions/aws/light, export from functions/aws/export in this repository."
  type        = map(string)
  default     = null
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
