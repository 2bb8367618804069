# Retention. The lifecycle function is authoritative: on its schedule it expires what each
# pipeline's retention_days says is due (sinks included) and writes receipts. The bucket's
# lifecycle rules are a backstop, one per prefix that has a declared retention, grace_days
# later, so data still goes if the function fails. Both come from the same declarations.

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = local.lifecycle_rules
    content {
      id     = "${rule.value.kind}-${trimsuffix(replace(rule.value.prefix, "/", "-"), "-")}"
      status = "Enabled"

      filter {
        prefix = rule.value.prefix
      }

      expiration {
        days = rule.value.expire_after_days
      }
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # With versioning on, an expiry or erase leaves noncurrent versions and delete markers.
  dynamic "rule" {
    for_each = var.versioning_enabled ? [1] : []
    content {
      id     = "noncurrent-versions"
      status = "Enabled"

      filter {}

      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_version_expire_days
      }

      expiration {
        expired_object_delete_marker = true
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# --- the lifecycle function, on an EventBridge schedule --------------------------------------

resource "aws_cloudwatch_log_group" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  name              = "/aws/lambda/${local.lifecycle_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.tenant.arn
  tags              = local.tags
}

resource "aws_lambda_function" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  function_name    = local.lifecycle_name
  description      = "Conserver ${var.tenant}: retention and erase (authoritative)"
  role             = aws_iam_role.lifecycle[0].arn
  filename         = var.lifecycle_package
  source_code_hash = filebase64sha256(var.lifecycle_package)
  handler          = var.function_handler
  runtime          = var.function_runtime
  architectures    = [var.function_architecture]
  memory_size      = var.lifecycle_memory_mb
  timeout          = var.lifecycle_timeout_s
  # One run at a time: a run resumes where the previous one stopped.
  reserved_concurrent_executions = var.reserve_concurrency ? 1 : -1

  kms_key_arn = aws_kms_key.tenant.arn
  environment {
    # The lifecycle function serves every pipeline of the tenant: it gets all declarations
    # (CONSERVER_PIPELINES_JSON, a JSON array) and the grace the backstop rules use; the receipt
    # key by reference (the secret's ARN, never the key: the function reads it with its role).
    variables = merge(local.extra_environment, {
      CONSERVER_TENANT          = var.tenant
      CONSERVER_BUCKET          = aws_s3_bucket.this.id
      CONSERVER_STORE           = "s3"
      CONSERVER_PIPELINES_JSON  = "[${join(",", [for p in values(local.pipelines) : p.declaration_json])}]"
      CONSERVER_GRACE_DAYS      = tostring(var.grace_days)
      CONSERVER_PARTY_INDEX_KEY = local.party_index_key
      CONSERVER_RECEIPT_KEY     = var.receipt_key_secret_arn
      QUARKUS_FUNQY_EXPORT      = "lifecycle"
    })
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.lifecycle[0].name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = length(join(",", [for p in values(local.pipelines) : p.declaration_json])) < 3500
      error_message = "The tenant's declarations together exceed what Lambda's 4 KB environment can carry to the lifecycle function."
    }
    precondition {
      condition     = var.receipt_key_secret_arn != null
      error_message = "The lifecycle function signs erase and expiry receipts: set receipt_key_secret_arn to the Secrets Manager secret that holds the tenant's receipt key."
    }
  }

  depends_on = [aws_iam_role_policy.lifecycle]
}

resource "aws_cloudwatch_event_rule" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  name                = local.lifecycle_name
  description         = "Conserver ${var.tenant}: run the lifecycle function"
  schedule_expression = var.lifecycle_schedule
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  rule  = aws_cloudwatch_event_rule.lifecycle[0].name
  arn   = aws_lambda_function.lifecycle[0].arn
  input = jsonencode({ tenant = var.tenant, reason = "schedule" })
}

resource "aws_lambda_permission" "lifecycle_schedule" {
  count = var.lifecycle_package == null ? 0 : 1

  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.lifecycle[0].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.lifecycle[0].arn
}
