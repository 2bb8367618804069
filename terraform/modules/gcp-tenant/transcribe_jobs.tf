# Google Speech-to-Text sweeps. A stage whose engine is google-stt starts a batch operation per
# recording and returns without waiting; Google sends no event when the operation ends. Per such
# stage, Cloud Scheduler publishes the sweep tick {"sweep": "jobs"} to the stage's own topic every
# two minutes; the stage's function (transcribe-cloudevent, through the same Eventarc trigger as
# its object notifications) lists its job records at least a minute old whose conversation has no
# output or quarantine record yet, and runs the stage again on each one's input, at most 20 per
# tick (functions/transcribe JobSweep): the operation is polled, its transcript written once when
# done, the input quarantined when it failed. The tick names the tenant's bucket, which the
# function checks: a stage only ever reads its own records in its own bucket.

locals {
  transcribe_sweep_stages = {
    for k, s in local.stages : k => s
    if s.function == "transcribe" && s.engine == "google-stt"
  }
}

resource "google_cloud_scheduler_job" "transcribe_sweep" {
  for_each = local.transcribe_sweep_stages

  project     = var.project_id
  region      = var.region
  name        = "${local.stage_names[each.key]}-sweep"
  description = "Conserver ${var.tenant}: collect the Speech-to-Text operations of ${each.key}"
  schedule    = "*/2 * * * *"
  time_zone   = "Etc/UTC"

  pubsub_target {
    topic_name = google_pubsub_topic.stage[each.key].id
    data       = base64encode(jsonencode({ sweep = "jobs", bucket = google_storage_bucket.this.name }))
  }
}
