variable "tenant" {
  description = "Tenant name: part of every resource name and the value of CONSERVER_TENANT. One deployment of this module serves exactly one tenant."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}$", var.tenant))
    error_message = "tenant is 2-31 characters of lower-case letters, digits and hyphens, starting with a letter or digit."
  }
}

variable "pipeline_files" {
  description = "Paths of the tenant's pipeline declarations (terraform/pipelines/<name>.json). Every per-stage resource is expanded from them; list all of the tenant's pipelines here, since they share one bucket and S3 allows one notification configuration per bucket."
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
  description = "Name of the tenant's bucket. Null: <name_prefix>-<tenant>-<account id>, unique across AWS."
  type        = string
  default     = null
}

variable "function_packages" {
  description = "Lambda zip package per function, as pipelines name it in stages[].function => path of the function.zip that carries it (each module under functions/aws builds one package for a group of functions; see functions/README.md). Each deployment selects its function with QUARKUS_FUNQY_EXPORT. Every function a declared stage uses needs an entry here or in function_images, not both."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for f, path in var.function_packages : can(regex("^[a-z][a-z0-9-]*$", f)) && endswith(path, ".zip")])
    error_message = "function_packages maps function names (lower-case, e.g. ingest) to the paths of .zip packages."
  }
}

variable "function_images" {
  description = "Container image per function (package type Image) => its Amazon ECR image URI, <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest> (a digest pins what runs). For functions that a zip cannot carry: transcribe with the offline engine, translate with apertium, analyze with its model (functions/<name>/Dockerfile, stage aws; see the README for building and pushing). The image is built for var.function_architecture."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for f, uri in var.function_images : can(regex("^[a-z][a-z0-9-]*$", f))
      && can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", uri))
    ])
    error_message = "function_images maps function names (lower-case, e.g. transcribe) to Amazon ECR image URIs with a tag or digest (Lambda runs images from ECR only)."
  }
}

variable "manage_ecr_repository_policy" {
  description = "Write the repository policy of each ECR repository in function_images (same account only) so that Lambda may pull the images of functions named <name_prefix>-* in this account and region. A repository has one policy: turn this on in one root per repository (the statement covers every tenant deployed with the same name_prefix), or merge output ecr_repository_policy_json into the policy the repository already has."
  type        = bool
  default     = false
}

variable "function_handler" {
  description = "Lambda handler of the Funqy package."
  type        = string
  default     = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
}

variable "function_runtime" {
  description = "Lambda runtime of the stage and lifecycle functions."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.function_runtime)
    error_message = "function_runtime is java17 or java21 (the platform targets Java 17 bytecode)."
  }
}

variable "function_architecture" {
  description = "Instruction set of the functions. arm64 costs less per GB-second; keep x86_64 while a package ships native binaries built for it."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.function_architecture)
    error_message = "function_architecture is x86_64 or arm64."
  }
}

variable "environment" {
  description = "Extra environment variables for every function (e.g. JAVA_TOOL_OPTIONS, CONSERVER_S3_PART_SIZE_MB). The variables the module sets itself (CONSERVER_TENANT, CONSERVER_BUCKET, CONSERVER_STORE, CONSERVER_PIPELINE, CONSERVER_PIPELINE_JSON, CONSERVER_STAGE, CONSERVER_PARTY_INDEX_KEY, QUARKUS_FUNQY_EXPORT) cannot be overridden here."
  type        = map(string)
  default     = {}
}

variable "batch_size" {
  description = "SQS messages per Lambda invocation (1-10). A stage's declared timeout_s covers the whole batch; failed records are returned in batchItemFailures and redelivered alone."
  type        = number
  default     = 1

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10
    error_message = "batch_size is 1 to 10 (larger batches need a batching window, which delays every stage)."
  }
}

variable "reserve_concurrency" {
  description = "Reserve each stage's declared concurrency (reserved_concurrent_executions). Needs an account concurrency quota of at least 100 plus the sum of the reservations; new accounts start at 10: set false there (the event source mapping's maximum concurrency still caps each stage)."
  type        = bool
  default     = true
}

variable "queue_message_retention_seconds" {
  description = "How long a stage queue keeps an undelivered message."
  type        = number
  default     = 345600
}

variable "dead_letter_retention_seconds" {
  description = "How long a dead-letter queue keeps a message (the SQS maximum, 14 days, by default): time to look at it and redrive it."
  type        = number
  default     = 1209600
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
  description = "Keep noncurrent object versions. Off by default: stage writes never overwrite (create-if-absent on deterministic keys), and with versioning on an erase leaves noncurrent copies until the noncurrent-version rule removes them (the lifecycle function must then also delete versions). Turn it on only when recovery from accidental deletes outweighs that."
  type        = bool
  default     = false
}

variable "noncurrent_version_expire_days" {
  description = "With versioning on: days after which noncurrent versions (the copies an erase or expiry leaves) are deleted. Short, because an erase is not complete until they are gone."
  type        = number
  default     = 1
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket (every object of the tenant). Keep false except when removing a tenant on purpose (see terraform/README.md)."
  type        = bool
  default     = false
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the tenant key is deleted after destroy (7-30 days). Objects encrypted with it become unreadable for good once it is gone."
  type        = number
  default     = 30
}

variable "party_index_key_secret_arn" {
  description = "ARN of an existing Secrets Manager secret holding the tenant's party-index HMAC key (base64). Null: the module creates the secret with 32 random bytes. The value reaches the functions as CONSERVER_PARTY_INDEX_KEY, encrypted at rest with the tenant key; it is also in the Terraform state, so keep the state encrypted and access-controlled."
  type        = string
  default     = null
}

variable "receipt_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the tenant's receipt signing key: PEM with the PKCS#8 PRIVATE KEY and the PUBLIC KEY block of an EC P-256 key (the layout of the local runtime's keys/receipt-signing.key). Required when the lifecycle function is deployed. Only this reference reaches the function, as CONSERVER_RECEIPT_KEY; the function's role may read that one secret, so the key is never in the function configuration nor in the Terraform state."
  type        = string
  default     = null

  validation {
    condition     = var.receipt_key_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:", var.receipt_key_secret_arn))
    error_message = "receipt_key_secret_arn must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME), never the key itself."
  }
}

variable "secret_recovery_window_days" {
  description = "Recovery window of the secret the module creates (0 deletes it at once on destroy, 7-30 otherwise)."
  type        = number
  default     = 7
}

variable "log_retention_days" {
  description = "Retention of the functions' CloudWatch log groups."
  type        = number
  default     = 30
}

variable "snap_start" {
  description = "Lambda SnapStart for the stages that run a zip: publish a version per change, snapshot it after init (primed by the package's hooks) and point the triggers at it. Restores instead of cold JVM starts; images ignore it."
  type        = bool
  default     = true
}

variable "tracing_mode" {
  description = "Lambda X-Ray tracing: PassThrough (no tracing of its own) or Active."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode is PassThrough or Active."
  }
}

variable "lifecycle_package" {
  description = "Path of the Lambda package that carries the lifecycle function (export \"lifecycle\"), usually the same function.zip. Null: no lifecycle function is deployed, and only the backstop bucket rules expire data (grace_days late, without receipts)."
  type        = string
  default     = null
}

variable "lifecycle_schedule" {
  description = "EventBridge schedule expression of the lifecycle function's runs."
  type        = string
  default     = "rate(6 hours)"
}

variable "lifecycle_memory_mb" {
  description = "Memory of the lifecycle function."
  type        = number
  default     = 1024
}

variable "lifecycle_timeout_s" {
  description = "Timeout of the lifecycle function (it resumes where it stopped on the next run)."
  type        = number
  default     = 900
}

variable "teams_renew_schedule" {
  description = "EventBridge schedule expression of the Teams subscription renewal (deployed only when a declaration has options.fetch_media.teams). Subscriptions live 55 minutes and are renewed when they expire within 20, so at most every 20 minutes."
  type        = string
  default     = "rate(10 minutes)"
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

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires (e.g. an SNS topic). Empty: the alarms are only visible in CloudWatch."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to every resource that takes tags."
  type        = map(string)
  default     = {}
}
