# Per stage: the queue its trigger lands in and the dead-letter queue behind it. The redrive
# count is the stage's declared max_receive_count, the same number the stage runner uses to
# quarantine (one number, declared once): the runner quarantines on the last delivery and
# reports success, so the dead-letter queue only receives what crashed or timed out then.

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.stages

  name                      = "${local.stage_names[each.key]}-dlq"
  message_retention_seconds = var.dead_letter_retention_seconds
  kms_master_key_id         = aws_kms_key.tenant.arn
  tags                      = local.tags
}

resource "aws_sqs_queue" "stage" {
  for_each = local.stages

  name                      = local.stage_names[each.key]
  message_retention_seconds = var.queue_message_retention_seconds
  # AWS's advice for Lambda consumers: six times the function timeout, so a message is not
  # redelivered while a (retried) invocation still holds it.
  visibility_timeout_seconds = min(43200, max(30, 6 * each.value.timeout_s))
  kms_master_key_id          = aws_kms_key.tenant.arn

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.key].arn
    maxReceiveCount     = each.value.max_receive_count
  })

  tags = local.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  for_each = local.stages

  queue_url = aws_sqs_queue.dead_letter[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.stage[each.key].arn]
  })
}

data "aws_iam_policy_document" "queue" {
  for_each = local.stages

  statement {
    sid       = "TenantBucketNotifications"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.stage[each.key].arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.this.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "stage" {
  for_each = local.stages

  queue_url = aws_sqs_queue.stage[each.key].id
  policy    = data.aws_iam_policy_document.queue[each.key].json
}
