# Something in a dead-letter queue means an event crashed or timed out on its last delivery
# (ordinary failures are quarantined in the bucket instead); function errors are unhandled
# exceptions, timeouts and out-of-memory kills.

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  for_each = local.stages

  alarm_name          = "${local.stage_names[each.key]}-dead-letters"
  alarm_description   = "Events of ${each.key} (tenant ${var.tenant}) reached the dead-letter queue: look at them, fix, redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter[each.key].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each = local.stages

  alarm_name          = "${local.stage_names[each.key]}-errors"
  alarm_description   = "The ${each.key} function of tenant ${var.tenant} failed (exception, timeout or out of memory)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.stage[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags
}

resource "aws_cloudwatch_metric_alarm" "lifecycle_errors" {
  count = var.lifecycle_package == null ? 0 : 1

  alarm_name          = "${local.lifecycle_name}-errors"
  alarm_description   = "The lifecycle function of tenant ${var.tenant} failed: expiry and erase are behind until it succeeds."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.lifecycle[0].function_name }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = local.tags
}
