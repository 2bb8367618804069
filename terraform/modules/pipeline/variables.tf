variable "pipeline_files" {
  description = "Paths of the tenant's pipeline declarations (terraform/pipelines/<name>.json, schema pipeline.schema.json). Every pipeline of a tenant is listed here: they share the tenant's bucket and its one notification configuration."
  type        = list(string)

  validation {
    condition     = length(var.pipeline_files) > 0
    error_message = "List at least one pipeline declaration."
  }
}

variable "grace_days" {
  description = "Days the bucket's backstop lifecycle rules wait after a declared retention before they delete. The lifecycle function expires data on time (and writes receipts); the rules only catch what it missed."
  type        = number
  default     = 7

  validation {
    condition     = var.grace_days >= 0 && var.grace_days <= 365 && floor(var.grace_days) == var.grace_days
    error_message = "grace_days is a whole number of days from 0 to 365."
  }
}

variable "attempts_expire_days" {
  description = "Days after which delivery-attempt markers (attempts/<pipeline>/...) are deleted. They only matter while an event is still being redelivered (SQS keeps a message 4 days by default, Eventarc 24 hours), hold no personal data and have no declared retention."
  type        = number
  default     = 7

  validation {
    condition     = var.attempts_expire_days >= 1 && floor(var.attempts_expire_days) == var.attempts_expire_days
    error_message = "attempts_expire_days is a whole number of days, at least 1."
  }
}
