# Per stage: a Lambda function running the package that carries the stage's function (light
# functions and export ship apart, so the light ones stay small), or its container image where a
# zip cannot carry the function (native engines, large models: var.function_images), with the
# function selected by QUARKUS_FUNQY_EXPORT, its memory, timeout and concurrency from the declaration, and an
# event source mapping from the stage queue. Zip stages run with Lambda SnapStart (var.snap_start):
# each change publishes a version, Lambda initialises it once and snapshots it (the package's
# SnapshotHooks prime the function before the snapshot and reseed id generation after a restore),
# and every trigger invokes the alias "live" on that version, never $LATEST, which SnapStart does
# not apply to. Images cannot use SnapStart. Funqy's advanced SQS handling is off in the
# package, so the function gets the raw batch and answers batchItemFailures: the mapping must
# say ReportBatchItemFailures, or a partly failed batch would be acknowledged whole.

locals {
  # Names the module sets itself; var.environment cannot override them.
  reserved_environment = [
    "CONSERVER_TENANT", "CONSERVER_BUCKET", "CONSERVER_STORE", "CONSERVER_PIPELINE",
    "CONSERVER_PIPELINE_JSON", "CONSERVER_STAGE", "CONSERVER_PARTY_INDEX_KEY", "QUARKUS_FUNQY_EXPORT",
    "CONSERVER_AWS_TRANSCRIBE_JOB_PREFIX",
  ]
  extra_environment = { for k, v in var.environment : k => v if !contains(local.reserved_environment, k) }

  # What each stage runs: the zip of its function, or its image (a function has one or the other;
  # the preconditions below say which stage lacks both or has both).
  stage_packages = { for k, s in local.stages : k => var.function_packages[s.function] if contains(keys(var.function_packages), s.function) }
  stage_images   = { for k, s in local.stages : k => var.function_images[s.function] if contains(keys(var.function_images), s.function) }

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
      },
      # The aws-transcribe engine names its jobs with this prefix; the stage's EventBridge rule
      # (transcribe_jobs.tf) matches it.
      contains(keys(local.transcribe_job_prefixes), k) ? { CONSERVER_AWS_TRANSCRIBE_JOB_PREFIX = local.transcribe_job_prefixes[k] } : {},
    )
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

  function_name = local.stage_names[each.key]
  description   = "Conserver ${var.tenant}: ${each.value.pipeline}/${each.value.stage} (${each.value.function})"
  role          = aws_iam_role.stage[each.key].arn
  architectures = [var.function_architecture]

  # A zip runs on the managed Java runtime with the Funqy handler; an image brings its runtime and
  # names the handler itself (ENTRYPOINT/CMD of functions/<function>/Dockerfile, stage aws).
  package_type     = contains(keys(local.stage_images), each.key) ? "Image" : "Zip"
  image_uri        = lookup(local.stage_images, each.key, null)
  filename         = contains(keys(local.stage_images), each.key) ? null : lookup(local.stage_packages, each.key, null)
  source_code_hash = contains(keys(local.stage_packages), each.key) && !contains(keys(local.stage_images), each.key) ? filebase64sha256(local.stage_packages[each.key]) : null
  handler          = contains(keys(local.stage_images), each.key) ? null : var.function_handler
  runtime          = contains(keys(local.stage_images), each.key) ? null : var.function_runtime

  memory_size                    = each.value.memory_mb
  timeout                        = each.value.timeout_s
  reserved_concurrent_executions = var.reserve_concurrency ? each.value.concurrency : -1

  kms_key_arn = aws_kms_key.tenant.arn
  environment {
    variables = local.stage_environment[each.key]
  }

  # A version per change, for SnapStart and the alias below (a version is immutable: the alias
  # moves only when the code or configuration changed).
  publish = var.snap_start
  dynamic "snap_start" {
    for_each = var.snap_start && !contains(keys(local.stage_images), each.key) ? ["on"] : []
    content {
      apply_on = "PublishedVersions"
    }
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
      condition     = contains(keys(local.stage_packages), each.key) || contains(keys(local.stage_images), each.key)
      error_message = "Stage ${each.key} runs function ${each.value.function}, which no package in var.function_packages and no image in var.function_images carries."
    }
    precondition {
      condition     = !(contains(keys(local.stage_packages), each.key) && contains(keys(local.stage_images), each.key))
      error_message = "Function ${each.value.function} (stage ${each.key}) is in both var.function_packages and var.function_images: map it to one."
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

# What the triggers invoke: the published version (SnapStart's snapshot) when var.snap_start, else
# $LATEST, under one name either way.
resource "aws_lambda_alias" "stage" {
  for_each = local.stages

  name             = "live"
  description      = "The version the triggers of ${each.key} invoke"
  function_name    = aws_lambda_function.stage[each.key].function_name
  function_version = var.snap_start ? aws_lambda_function.stage[each.key].version : "$LATEST"
}

resource "aws_lambda_event_source_mapping" "stage" {
  for_each = local.stages

  event_source_arn        = aws_sqs_queue.stage[each.key].arn
  function_name           = aws_lambda_alias.stage[each.key].arn
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
