# Identities and policies. Every stage function has its own role, limited to the prefixes the
# pipeline module lists for that stage (each.value.access), its own queue, its own log group
# and the tenant key. Nothing grants Resource "*" except the actions listed here, each with the
# reason (terraform/checks fails on any other).

locals {
  # The only actions a policy of this module may grant on Resource "*": AWS offers no
  # resource-level permission for them.
  actions_without_resource_scope = {
    "xray:PutTraceSegments"    = "X-Ray has no resource-level permissions; granted only when tracing_mode = Active."
    "xray:PutTelemetryRecords" = "X-Ray has no resource-level permissions; granted only when tracing_mode = Active."
  }

  # Key policies are the other place "*" appears, and there it means "this key": a key policy
  # is attached to exactly one key and cannot name another resource.
  key_policy_documents = ["kms_key_policy"]

  bucket_arn = aws_s3_bucket.this.arn
}

# --- the tenant key's policy -----------------------------------------------------------------

data "aws_iam_policy_document" "kms_key_policy" {
  # The account administers the key through IAM (without it the key becomes unmanageable).
  statement {
    sid       = "AccountAdministersThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # S3 event notifications into the encrypted queues.
  statement {
    sid       = "S3NotificationsIntoEncryptedQueues"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:s3:::${local.bucket_name}"]
    }
  }

  # The functions' log groups.
  statement {
    sid       = "CloudWatchLogsOfThisTenant"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${local.base_name}-*"]
    }
  }
}

# --- the bucket's policy: TLS only, the tenant key only --------------------------------------

data "aws_iam_policy_document" "bucket_policy" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyTlsOlderThan12"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.bucket_arn, "${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }

  # Default encryption applies the tenant key when a writer says nothing; these two refuse a
  # writer that asks for another algorithm or another key.
  statement {
    sid       = "DenyOtherEncryption"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }

  statement {
    sid       = "DenyOtherKmsKeys"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${local.bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [aws_kms_key.tenant.arn]
    }
  }
}

# --- stage functions -------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "stage" {
  for_each = local.stages

  name               = local.stage_names[each.key]
  description        = "Conserver ${var.tenant}: stage ${each.value.stage} of pipeline ${each.value.pipeline}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
  tags               = local.tags
}

data "aws_iam_policy_document" "stage" {
  for_each = local.stages

  statement {
    sid       = "ReadInputAndSharedRecords"
    actions   = ["s3:GetObject"]
    resources = [for prefix in each.value.access.read : "${local.bucket_arn}/${prefix}*"]
  }

  # Create-if-absent writes (If-None-Match: *) and the stage's own quarantine records; the
  # multipart actions cover large media. No s3:DeleteObject: a stage never deletes.
  statement {
    sid       = "WriteOwnOutputAndSharedRecords"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = [for prefix in concat(each.value.access.create, each.value.access.overwrite) : "${local.bucket_arn}/${prefix}*"]
  }

  # Lists ledger/ and index/party/. Unconditioned on purpose: without s3:ListBucket, S3 answers
  # 403 instead of 404 for a missing key (HEAD carries no s3:prefix to condition on), and the
  # stage runner's create-if-absent and redelivery checks need the 404. Keys are ids and
  # hashes, never content.
  statement {
    sid       = "ListTenantBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "ConsumeOwnQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.stage[each.key].arn]
  }

  statement {
    sid       = "UseTenantKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.tenant.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.stage[each.key].arn}:*"]
  }

  # aws-transcribe stages (transcribe_jobs.tf): start and read the stage's own jobs (named with
  # its prefix), and hand a completion that keeps failing to the stage's dead-letter queue (the
  # on-failure destination of asynchronous invocations uses the function's role).
  dynamic "statement" {
    for_each = contains(keys(local.transcribe_job_prefixes), each.key) ? [local.transcribe_job_prefixes[each.key]] : []
    content {
      sid       = "OwnTranscribeJobs"
      actions   = ["transcribe:StartTranscriptionJob", "transcribe:GetTranscriptionJob"]
      resources = ["arn:${local.partition}:transcribe:${local.region}:${local.account_id}:transcription-job/${statement.value}*"]
    }
  }

  dynamic "statement" {
    for_each = contains(keys(local.transcribe_job_prefixes), each.key) ? [1] : []
    content {
      sid       = "FailedCompletionsToOwnDeadLetterQueue"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.dead_letter[each.key].arn]
    }
  }

  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? [1] : []
    content {
      sid       = "Tracing"
      actions   = keys(local.actions_without_resource_scope)
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "stage" {
  for_each = local.stages

  name   = "stage-access"
  role   = aws_iam_role.stage[each.key].id
  policy = data.aws_iam_policy_document.stage[each.key].json
}

# --- the lifecycle function ------------------------------------------------------------------
# It expires and erases across the whole bucket, so its role spans the bucket, and only it.

resource "aws_iam_role" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  name               = local.lifecycle_name
  description        = "Conserver ${var.tenant}: retention and erase across the tenant's bucket"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
  tags               = local.tags
}

data "aws_iam_policy_document" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  statement {
    sid = "ManageTenantObjects"
    actions = [
      "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion",
      "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
    ]
    resources = ["${local.bucket_arn}/*"]
  }

  statement {
    sid       = "ListTenantBucket"
    actions   = ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"]
    resources = [local.bucket_arn]
  }

  statement {
    sid       = "UseTenantKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.tenant.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.lifecycle[0].arn}:*"]
  }

  # The receipt key: this one secret, read at run time (CONSERVER_RECEIPT_KEY holds its ARN).
  dynamic "statement" {
    for_each = var.receipt_key_secret_arn == null ? [] : [var.receipt_key_secret_arn]
    content {
      sid       = "ReadReceiptKey"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? [1] : []
    content {
      sid       = "Tracing"
      actions   = keys(local.actions_without_resource_scope)
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "lifecycle" {
  count = var.lifecycle_package == null ? 0 : 1

  name   = "lifecycle-access"
  role   = aws_iam_role.lifecycle[0].id
  policy = data.aws_iam_policy_document.lifecycle[0].json
}

# --- pulling the stage images ------------------------------------------------------------------
# Lambda pulls a function's image with the deploying principal's rights and the repository's
# policy, not the function's role: the repository must let the Lambda service read it. One policy
# per repository, so the module writes it only when asked (var.manage_ecr_repository_policy), for
# every function named <name_prefix>-* of this account and region (all tenants deployed alike).

locals {
  # <account>.dkr.ecr.<region>.amazonaws.com/<repository>(:tag|@digest) -> repository, this
  # account's only (another account's repository policy is that account's to write).
  ecr_repositories = toset([
    for uri in values(var.function_images) : regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?/([^:@]+)", uri)[0]
    if startswith(uri, "${local.account_id}.")
  ])
}

data "aws_iam_policy_document" "ecr_pull" {
  statement {
    sid     = "LambdaPullsConserverFunctionImages"
    actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "aws:sourceArn"
      values   = ["arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${var.name_prefix}-*"]
    }
  }
}

resource "aws_ecr_repository_policy" "functions" {
  for_each = var.manage_ecr_repository_policy ? local.ecr_repositories : toset([])

  repository = each.value
  policy     = data.aws_iam_policy_document.ecr_pull.json
}
