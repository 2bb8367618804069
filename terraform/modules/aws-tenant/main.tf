# One tenant on AWS: its bucket (SSE-KMS with the tenant's own key), and for every stage of
# every pipeline declared in var.pipeline_files an SQS queue with a dead-letter queue, a queue
# block in the bucket's one notification configuration, a Lambda function with its own role
# and an event source mapping. Nothing here lists a stage by hand: every per-stage resource
# iterates local.stages, which terraform/modules/pipeline derives from the declarations.

module "pipeline" {
  source = "../pipeline"

  pipeline_files       = var.pipeline_files
  grace_days           = var.grace_days
  attempts_expire_days = var.attempts_expire_days
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  stages          = module.pipeline.stages
  pipelines       = module.pipeline.pipelines
  lifecycle_rules = module.pipeline.lifecycle_rules

  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.id

  base_name   = "${var.name_prefix}-${var.tenant}"
  bucket_name = coalesce(var.bucket_name, "${local.base_name}-${local.account_id}")

  # Lambda function and IAM role names are at most 64 characters, SQS names 80: long
  # pipeline/stage names are cut and made unique again with a hash of the stage key.
  stage_names = {
    for k, s in local.stages : k => (
      length("${local.base_name}-${s.slug}") <= 60
      ? "${local.base_name}-${s.slug}"
      : "${substr("${local.base_name}-${s.slug}", 0, 51)}-${s.hash}"
    )
  }
  lifecycle_name = "${local.base_name}-lifecycle"

  tags = merge(var.tags, {
    "conserver:tenant" = var.tenant
  })
}

# --- the tenant key --------------------------------------------------------------------------

resource "aws_kms_key" "tenant" {
  description             = "Conserver tenant ${var.tenant}: bucket, queues, secrets, logs and function environment"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.kms_key_policy.json
  tags                    = local.tags
}

resource "aws_kms_alias" "tenant" {
  name          = "alias/${local.base_name}"
  target_key_id = aws_kms_key.tenant.key_id
}

# --- the tenant bucket -----------------------------------------------------------------------

resource "aws_s3_bucket" "this" {
  bucket        = local.bucket_name
  force_destroy = var.force_destroy
  tags          = local.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.tenant.arn
    }
    # One data key per bucket and period instead of one KMS call per object.
    bucket_key_enabled = true
  }
}

# Versioning is off unless asked for (see var.versioning_enabled): created only then, because a
# bucket that never had versioning cannot be set to "Disabled" later, only "Suspended".
resource "aws_s3_bucket_versioning" "this" {
  count  = var.versioning_enabled ? 1 : 0
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.bucket_policy.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}
