output "pipelines" {
  description = "Each declared pipeline by name: its declaration as minified JSON (what functions receive in CONSERVER_PIPELINE_JSON) and its stage keys in chain order."
  value = {
    for p in local.pipelines : p.name => {
      name             = p.name
      declaration_json = jsonencode({ for k, v in p : k => v if k != "$schema" })
      stage_keys       = [for s in p.stages : "${p.name}/${s.name}"]
    }
  }

  precondition {
    condition     = length(local.duplicate_pipelines) == 0
    error_message = "Pipeline names must be unique within a tenant; declared twice: ${join(", ", local.duplicate_pipelines)}."
  }
  precondition {
    condition     = length(local.bad_pipeline_names) == 0
    error_message = "Pipeline names match ^[a-z0-9][a-z0-9-]{0,62}$; invalid: ${join(", ", local.bad_pipeline_names)}."
  }
}

output "stages" {
  description = "The stage map, keyed \"<pipeline>/<stage>\": every per-stage resource of the tenant modules iterates it with for_each. Settings carry the declaration's values or the platform defaults; prefixes follow BucketLayout."
  value       = local.stages

  precondition {
    condition     = length(local.duplicate_stages) == 0
    error_message = "Stage names must be unique within a pipeline; declared twice: ${join(", ", local.duplicate_stages)}."
  }
  precondition {
    condition     = length(local.bad_stage_names) == 0
    error_message = "Stage names match ^[a-z][a-z0-9-]{0,30}$ and may not be a data kind (inbox, media, quarantine, ledger, exports, receipts, meter); invalid: ${join(", ", local.bad_stage_names)}."
  }
  precondition {
    condition     = length(local.bad_stage_settings) == 0
    error_message = "memory_mb 128-10240, timeout_s 1-900, max_receive_count 1-100, concurrency 1-1000; out of range in: ${join(", ", local.bad_stage_settings)}."
  }
}

output "lifecycle_rules" {
  description = "Backstop deletion rules keyed by prefix: every retention_days entry (stage or data kind) expires grace_days after its declared retention; attempt markers expire after attempts_expire_days."
  value       = local.lifecycle_rules

  precondition {
    condition     = length(local.bad_retention) == 0
    error_message = "retention_days keys name a stage of the pipeline or a data kind (inbox, media, quarantine, ledger, exports, receipts, meter), values are whole days from 1 to 36500; invalid: ${join(", ", local.bad_retention)}."
  }
}

output "stage_defaults" {
  description = "Settings a stage gets when its declaration omits them (the same as the platform's StageDeclaration defaults)."
  value       = local.stage_defaults
}

output "retention_kind_prefixes" {
  description = "Data kinds retention_days may name, with their key prefix (%s = pipeline name; the others are tenant-wide)."
  value       = local.retention_kind_prefixes
}

output "teams_pipelines" {
  description = "Names of the pipelines whose ingest stage declares options.fetch_media.teams (a Teams source), in declaration order: the tenant modules schedule the Teams subscription renewal when it is not empty."
  value       = local.teams_pipelines
}
