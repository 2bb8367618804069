# Teams subscription renewal. Microsoft Graph delivers Teams recording notifications only while a
# subscription lives (at most 60 minutes): when a declaration of the tenant has a Teams source (an
# ingest stage with options.fetch_media.teams), the function "teams-renew" of the package that
# carries ingest runs every 10 minutes and renews the subscriptions saved in the tenant's bucket
# (sources/teams/subscriptions.json) that expire within 20 minutes, re-creating those Graph removed.
# It fails when Graph refuses, so Lambda counts an error and the alarm below fires. Without a Teams
# source none of this exists.

locals {
  teams_pipeline   = length(module.pipeline.teams_pipelines) > 0 ? module.pipeline.teams_pipelines[0] : null
  teams_renew_name = "${local.base_name}-teams-renew"
}

resource "aws_cloudwatch_log_group" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  name              = "/aws/lambda/${local.teams_renew_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.tenant.arn
  tags              = local.tags
}

resource "aws_iam_role" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  name               = local.teams_renew_name
  description        = "Conserver ${var.tenant}: renews the tenant's Teams subscriptions"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
  tags               = local.tags
}

# Its state and the webhook's lifecycle markers, nothing else of the bucket.
data "aws_iam_policy_document" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  statement {
    sid       = "TeamsSubscriptionState"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.bucket_arn}/sources/teams/*"]
  }

  statement {
    sid       = "ListLifecycleMarkers"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["sources/teams/*"]
    }
  }

  statement {
    sid       = "UseTenantKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.tenant.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.teams_renew[0].arn}:*"]
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

resource "aws_iam_role_policy" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  name   = "teams-renew-access"
  role   = aws_iam_role.teams_renew[0].id
  policy = data.aws_iam_policy_document.teams_renew[0].json
}

resource "aws_lambda_function" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  function_name    = local.teams_renew_name
  description      = "Conserver ${var.tenant}: renews the Teams subscriptions (pipeline ${local.teams_pipeline})"
  role             = aws_iam_role.teams_renew[0].arn
  filename         = lookup(var.function_packages, "ingest", null)
  source_code_hash = contains(keys(var.function_packages), "ingest") ? filebase64sha256(var.function_packages["ingest"]) : null
  handler          = var.function_handler
  runtime          = var.function_runtime
  architectures    = [var.function_architecture]
  memory_size      = 512
  timeout          = 120
  # One pass at a time: two would race on the saved state.
  reserved_concurrent_executions = var.reserve_concurrency ? 1 : -1

  kms_key_arn = aws_kms_key.tenant.arn
  environment {
    # The declaration with the Graph app (its client_secret_ref, e.g. env:TEAMS_CLIENT_SECRET, and
    # the client state's reference resolve from var.environment like the ingest stage's).
    variables = merge(local.extra_environment, {
      CONSERVER_TENANT                 = var.tenant
      CONSERVER_BUCKET                 = aws_s3_bucket.this.id
      CONSERVER_STORE                  = "s3"
      CONSERVER_PIPELINE               = local.teams_pipeline
      CONSERVER_PIPELINE_JSON          = local.pipelines[local.teams_pipeline].declaration_json
      CONSERVER_TEAMS_CLIENT_STATE_REF = var.teams_client_state_ref
      QUARKUS_FUNQY_EXPORT             = "teams-renew"
    })
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.teams_renew[0].name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = contains(keys(var.function_packages), "ingest")
      error_message = "Pipeline ${local.teams_pipeline} has a Teams source (options.fetch_media.teams): its renewal runs from the zip that carries ingest, so var.function_packages needs \"ingest\"."
    }
  }

  depends_on = [aws_iam_role_policy.teams_renew]
}

resource "aws_cloudwatch_event_rule" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  name                = local.teams_renew_name
  description         = "Conserver ${var.tenant}: renew the Teams subscriptions"
  schedule_expression = var.teams_renew_schedule
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "teams_renew" {
  count = local.teams_pipeline == null ? 0 : 1

  rule  = aws_cloudwatch_event_rule.teams_renew[0].name
  arn   = aws_lambda_function.teams_renew[0].arn
  input = jsonencode({ tenant = var.tenant, reason = "schedule" })
}

resource "aws_lambda_permission" "teams_renew_schedule" {
  count = local.teams_pipeline == null ? 0 : 1

  statement_id  = "AllowEventBridgeSchedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.teams_renew[0].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.teams_renew[0].arn
}

resource "aws_cloudwatch_metric_alarm" "teams_renew_errors" {
  count = local.teams_pipeline == null ? 0 : 1

  alarm_name          = "${local.teams_renew_name}-errors"
  alarm_description   = "Renewing the Teams subscriptions of tenant ${var.tenant} failed: Graph stops delivering recordings when they expire (55 minutes)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.teams_renew[0].function_name }
  statistic           = "Sum"
  period              = 600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags
}
