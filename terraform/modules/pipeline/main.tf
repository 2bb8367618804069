# Derives everything the tenant modules wire from the pipeline declarations, in one place:
# the stage map that every per-stage resource iterates with for_each, the key prefixes each
# stage reads and writes (the same as shared/platform BucketLayout), and the backstop
# lifecycle rules from retention_days. No provider: it runs offline (see terraform/checks).

locals {
  # The defaults of shared/platform StageDeclaration (DEFAULT_MEMORY_MB, ...): a stage that
  # omits a setting gets the same value locally and in the cloud. terraform/checks compares them.
  stage_defaults = {
    memory_mb         = 512
    timeout_s         = 60
    max_receive_count = 3
    concurrency       = 2
  }

  # Data kinds that retention_days may name besides stages (PipelineParser.RETENTION_KINDS),
  # with the prefix each kind lives under. "%s" is the pipeline name; kinds without it are
  # tenant-wide (one prefix for every pipeline of the tenant, see BucketLayout).
  retention_kind_prefixes = {
    inbox      = "inbox/%s/"
    quarantine = "quarantine/%s/"
    exports    = "exports/%s/"
    media      = "media/"
    ledger     = "ledger/"
    receipts   = "receipts/"
    meter      = "meter/"
  }

  pipelines = [for path in var.pipeline_files : jsondecode(file(path))]

  pipeline_names = [for p in local.pipelines : p.name]

  # Pipelines with a Teams source: an ingest stage naming the Graph app its recordings are read
  # with (options.fetch_media.teams), the app the tenant's Graph subscriptions are renewed with
  # (TeamsRenewal.settings picks the first such declaration, in this order).
  teams_pipelines = [
    for p in local.pipelines : p.name
    if length([for s in p.stages : s if s.function == "ingest" && try(s.options.fetch_media.teams, null) != null]) > 0
  ]

  stage_list = flatten([
    for p in local.pipelines : [
      for i, s in p.stages : {
        key      = "${p.name}/${s.name}"
        pipeline = p.name
        stage    = s.name
        function = s.function
        position = i
        first    = i == 0
        last     = i == length(p.stages) - 1
        # Short, stable pieces for cloud resource names (which have length limits).
        slug = "${p.name}-${s.name}"
        hash = substr(sha1("${p.name}/${s.name}"), 0, 8)

        memory_mb         = try(s.memory_mb, local.stage_defaults.memory_mb)
        timeout_s         = try(s.timeout_s, local.stage_defaults.timeout_s)
        max_receive_count = try(s.max_receive_count, local.stage_defaults.max_receive_count)
        concurrency       = try(s.concurrency, local.stage_defaults.concurrency)
        purpose           = try(s.purpose, null)
        sends_outside     = try(s.sends_outside, false)
        # The engine a stage's options name (transcribe, translate...), for wiring that depends on
        # it: an aws-transcribe stage gets the EventBridge rule its jobs' completions arrive by.
        engine     = try(s.options.engine, null)
        job_prefix = try(s.options.job_prefix, null)

        # What triggers the stage: the first stage reads the pipeline's inbox (any drop), stage N
        # reads the vCons that stage N-1 wrote (<uuid>.vcon.json).
        input_prefix = i == 0 ? "inbox/${p.name}/" : "vcons/${p.name}/${p.stages[i - 1].name}/"
        input_suffix = i == 0 ? "" : ".vcon.json"
        # What the stage writes under its own name.
        output_prefix     = "vcons/${p.name}/${s.name}/"
        quarantine_prefix = "quarantine/${p.name}/${s.name}/"
        attempts_prefix   = "attempts/${p.name}/${s.name}/"
        jobs_prefix       = "jobs/${p.name}/${s.name}/"

        # The only prefixes the stage's identity may touch (IAM on AWS, bucket IAM conditions on
        # Google Cloud). What StageRunner does: read its input and its own earlier output (a
        # redelivery compares hashes), create its output, attempt markers, ledger records, meter
        # records, party-index and media-reference entries and media (all create-if-absent on
        # deterministic keys), its own records of asynchronous engine jobs (JobArea: created once,
        # read back when the job's completion resumes the stage; a sweep lists them and overwrites
        # its cursor there), overwrite its own quarantine records, and list ledger/ and index/party/.
        access = {
          read      = [i == 0 ? "inbox/${p.name}/" : "vcons/${p.name}/${p.stages[i - 1].name}/", "vcons/${p.name}/${s.name}/", "ledger/", "index/party/", "media/", "jobs/${p.name}/${s.name}/"]
          create    = ["vcons/${p.name}/${s.name}/", "attempts/${p.name}/${s.name}/", "ledger/", "meter/", "index/party/", "index/media/", "media/", "jobs/${p.name}/${s.name}/"]
          overwrite = ["quarantine/${p.name}/${s.name}/", "jobs/${p.name}/${s.name}/"]
          list      = ["ledger/", "index/party/", "jobs/${p.name}/${s.name}/"]
        }
      }
    ]
  ])

  # Grouped first so that a duplicate is reported by a precondition, not a bare map error.
  stages_grouped = { for s in local.stage_list : s.key => s... }
  stages         = { for k, group in local.stages_grouped : k => group[0] }

  retention_list = flatten([
    for p in local.pipelines : [
      for key, days in try(p.retention_days, {}) : {
        declared_by = "${p.name}:${key}"
        kind        = contains(keys(local.retention_kind_prefixes), key) ? key : "stage"
        prefix = (contains(keys(local.retention_kind_prefixes), key)
          ? replace(local.retention_kind_prefixes[key], "%s", p.name)
        : "vcons/${p.name}/${key}/")
        days = days
      }
    ]
  ])

  retention_grouped = { for r in local.retention_list : r.prefix => r... }

  # One backstop rule per prefix. A tenant-wide prefix (media/, ledger/...) declared by several
  # pipelines keeps the longest retention: expiring earlier than one pipeline promised is worse.
  retention_rules = {
    for prefix, rs in local.retention_grouped : prefix => {
      prefix            = prefix
      kind              = rs[0].kind
      retention_days    = max([for r in rs : r.days]...)
      expire_after_days = max([for r in rs : r.days]...) + var.grace_days
      declared_by       = sort([for r in rs : r.declared_by])
    }
  }

  # Housekeeping, not retention: attempt markers outlive any redelivery by a margin.
  attempts_rules = {
    for name in distinct(local.pipeline_names) : "attempts/${name}/" => {
      prefix            = "attempts/${name}/"
      kind              = "attempts"
      retention_days    = var.attempts_expire_days
      expire_after_days = var.attempts_expire_days
      declared_by       = []
    }
  }

  lifecycle_rules = merge(local.retention_rules, local.attempts_rules)

  # --- consistency checks, reported by the output preconditions (outputs.tf) ---------------
  duplicate_pipelines = [for n in distinct(local.pipeline_names) : n if length([for m in local.pipeline_names : m if m == n]) > 1]
  duplicate_stages    = [for k, group in local.stages_grouped : k if length(group) > 1]
  bad_pipeline_names  = [for n in local.pipeline_names : n if length(regexall("^[a-z0-9][a-z0-9-]{0,62}$", n)) == 0]
  bad_stage_names = [
    for s in local.stage_list : s.key
    if length(regexall("^[a-z][a-z0-9-]{0,30}$", s.stage)) == 0 || contains(keys(local.retention_kind_prefixes), s.stage)
  ]
  bad_retention = flatten([
    for p in local.pipelines : [
      for key, days in try(p.retention_days, {}) : "${p.name}:${key}"
      if !(contains(keys(local.retention_kind_prefixes), key) || contains([for s in p.stages : s.name], key))
      || floor(days) != days || days < 1 || days > 36500
    ]
  ])
  bad_stage_settings = [
    for s in local.stage_list : s.key
    if s.memory_mb < 128 || s.memory_mb > 10240 || s.timeout_s < 1 || s.timeout_s > 900
    || s.max_receive_count < 1 || s.max_receive_count > 100 || s.concurrency < 1 || s.concurrency > 1000
  ]
}
