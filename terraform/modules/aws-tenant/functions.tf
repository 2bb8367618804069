# Per stage: a Lambda function running the package that carries the stage's function (light
# functions and export ship apart, so the light ones stay small) with the function selected
# by QUARKUS_FUNQY_EXPORT, its memory, timeout and concurrency from the declaration, and an
# event source mapping from the stage queue. Funqy's advanced SQS handling is off in the
# package, so the function gets the raw batch and answers batchItemFailures: the mapping must
# say ReportBatchItemFailures, or a partly failed batch would be acknowledged whole.

locals {
  # Names the module sets itself; var.environment cannot override them.
  reserved_environment = [
    "CONSERVER_TENANT", "CONSERVER_BUCKET", "CONSERVER_STORE", "CONSERVER_PIPELINE",
    "CONSERVER_PIPELINE_JSON", "CONSERVER_STAGE", "CONSERVER_PARTY_INDEX_KEY", "QUARKUS_FUNQY_EXPORT",
  ]
  extra_environment = { for k, v in var.environment : k => v if !contains(local.reserved_environment, k) }

  # The settings io.conserver.platform.funqy.FunctionSettings reads (the secret one apart).
  stage_settings = {
    for k, s in local.stages : k => merge(local.extra_environment, {
      CONSERVER_TENANT        = var.tenant
      CONSERVER_BUCKET        = aws_s3_bucket.this.id
      CONSERVER_STORE         = "s3"
      CONSERVER_PIPELINE      = s.pipeline
      CONSERVER_PIPELINE_JSON = local.pipelines[s.pipeline].declaration_json
      CONSERVER_STAGE         = s.stage
      QUARKUS_FUNQY_EXPORT    = s.function
    })
  }
  stage_environment = {
    for k, settings in local.stage_settings : k => merge(settings, {
      CONSERVER_PARTY_INDEX_KEY = local.party_index_key
    })
  }
}

resource "aws_cloudwatch_log_group" "stage" {
  for_each = local.stages

  name              = "/aws/lambda/${local.stage_names[each.key]}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.tenant.arn
  tags              = local.tags
}

resource "aws_lambda_function" "stage" {
  for_each = local.stages

  function_name    = local.stage_names[each.key]
  description      = "Conserver ${var.tenant}: ${each.value.pipeline}/${each.value.stage} (${each.value.function})"
  role             = aws_iam_role.stage[each.key].arn
  filename         = var.function_packages[each.value.function]
  source_code_hash = filebase64sha256(var.function_packages[each.value.function])
  handler          = var.function_handler
  runtime          = var.function_runtime
  architectures    = [var.function_architecture]

  memory_size                    = each.value.memory_mb
  timeout                        = each.value.timeout_s
  reserved_concurrent_executions = var.reserve_concurrency ? each.value.concurrency : -1

  kms_key_arn = aws_kms_key.tenant.arn
  environment {
    variables = local.stage_environment[each.key]
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.stage[each.key].name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  tags = merge(local.tags, {
    "conserver:pipeline" = each.value.pipeline
    "conserver:stage"    = each.value.stage
  })

  lifecycle {
    precondition {
      # Checked before the arguments above are evaluated, so a missing package gets this message.
      condition     = contains(keys(var.function_packages), each.value.function)
      error_message = "Stage ${each.key} runs function ${each.value.function}, which no package in var.function_packages carries."
    }
    precondition {
      # Lambda allows 4 KB of environment in all; the declaration is the big one (the key adds
      # about 70 bytes).
      condition     = length(jsonencode(local.stage_settings[each.key])) < 4000
      error_message = "The environment of ${each.key} exceeds Lambda's 4 KB: shorten the pipeline declaration (options, descriptions) or var.environment."
    }
  }

  depends_on = [aws_iam_role_policy.stage]
}

resource "aws_lambda_event_source_mapping" "stage" {
  for_each = local.stages

  event_source_arn        = aws_sqs_queue.stage[each.key].arn
  function_name           = aws_lambda_function.stage[each.key].arn
  batch_size              = var.batch_size
  function_response_types = ["ReportBatchItemFailures"]

  # The mapping never runs more copies than the stage may: with reserved concurrency alone,
  # throttled deliveries would count towards maxReceiveCount and dead-letter healthy messages.
  # (Lambda's minimum here is 2; a stage declared with concurrency 1 relies on the reservation.)
  dynamic "scaling_config" {
    for_each = each.value.concurrency >= 2 ? [each.value.concurrency] : []
    content {
      maximum_concurrency = scaling_config.value
    }
  }
}
