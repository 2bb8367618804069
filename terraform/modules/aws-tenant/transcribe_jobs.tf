# Amazon Transcribe completions. A stage whose engine is aws-transcribe starts a batch job per
# recording and returns without waiting (no function waits idle); the job's end is an EventBridge
# "Transcribe Job State Change" event. Per such stage, a rule matches the events of the jobs it
# names (COMPLETED or FAILED, job names starting with the stage's prefix) and invokes the stage's
# function with the event; the function finds the job's record and runs the stage again on the
# input that started it (functions/transcribe JobCompletions). The prefix is the declared
# options.job_prefix, else "<stage function name>-", which the function receives as
# CONSERVER_AWS_TRANSCRIBE_JOB_PREFIX: a stage never sees another tenant's or stage's jobs.
#
# Failures: EventBridge retries delivery to Lambda for a day; Lambda retries a failed
# asynchronous invocation twice and then sends the event to the stage's dead-letter queue, where
# the stage's alarm sees it.

locals {
  transcribe_job_prefixes = {
    for k, s in local.stages : k => coalesce(s.job_prefix, "${local.stage_names[k]}-")
    if s.function == "transcribe" && s.engine == "aws-transcribe"
  }
}

resource "aws_cloudwatch_event_rule" "transcribe_jobs" {
  for_each = local.transcribe_job_prefixes

  name        = "${local.stage_names[each.key]}-jobs"
  description = "Conserver ${var.tenant}: Amazon Transcribe jobs of ${each.key} that ended"
  event_pattern = jsonencode({
    source      = ["aws.transcribe"]
    detail-type = ["Transcribe Job State Change"]
    detail = {
      TranscriptionJobStatus = ["COMPLETED", "FAILED"]
      TranscriptionJobName   = [{ prefix = each.value }]
    }
  })
  tags = local.tags
}

resource "aws_cloudwatch_event_target" "transcribe_jobs" {
  for_each = local.transcribe_job_prefixes

  rule = aws_cloudwatch_event_rule.transcribe_jobs[each.key].name
  arn  = aws_lambda_alias.stage[each.key].arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}

resource "aws_lambda_permission" "transcribe_jobs" {
  for_each = local.transcribe_job_prefixes

  statement_id  = "TranscribeJobStateChange"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.stage[each.key].function_name
  qualifier     = aws_lambda_alias.stage[each.key].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.transcribe_jobs[each.key].arn
}

# The rule's invocations are the function's only asynchronous ones (the queue's are synchronous).
resource "aws_lambda_function_event_invoke_config" "transcribe_jobs" {
  for_each = local.transcribe_job_prefixes

  function_name                = aws_lambda_function.stage[each.key].function_name
  qualifier                    = aws_lambda_alias.stage[each.key].name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 21600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dead_letter[each.key].arn
    }
  }
}

# The backstop for a completion event that never comes (lost, or a job that never ends): every
# 30 minutes the stage's function gets the sweep tick {"sweep": "jobs"}, and polls the jobs older
# than the stage's give_up_after (default 6 h): a finished one is collected, one still running is
# given up on and its input quarantined (functions/transcribe JobSweep). Younger jobs are left to
# their events.
resource "aws_cloudwatch_event_rule" "transcribe_sweep" {
  for_each = local.transcribe_job_prefixes

  name                = "${local.stage_names[each.key]}-sweep"
  description         = "Conserver ${var.tenant}: overdue Amazon Transcribe jobs of ${each.key}"
  schedule_expression = "rate(30 minutes)"
  tags                = local.tags
}

resource "aws_cloudwatch_event_target" "transcribe_sweep" {
  for_each = local.transcribe_job_prefixes

  rule  = aws_cloudwatch_event_rule.transcribe_sweep[each.key].name
  arn   = aws_lambda_alias.stage[each.key].arn
  input = jsonencode({ sweep = "jobs", bucket = aws_s3_bucket.this.id })
}

resource "aws_lambda_permission" "transcribe_sweep" {
  for_each = local.transcribe_job_prefixes

  statement_id  = "TranscribeJobSweep"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.stage[each.key].function_name
  qualifier     = aws_lambda_alias.stage[each.key].name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.transcribe_sweep[each.key].arn
}
