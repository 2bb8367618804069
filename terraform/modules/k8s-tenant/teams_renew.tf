# Teams subscription renewal. Microsoft Graph delivers Teams recording notifications only while a
# subscription lives (at most 60 minutes): when a declaration of the tenant has a Teams source (an
# ingest stage with options.fetch_media.teams), a CronJob (jobs.tf) runs the image with
# `--teams-renew` every 10 minutes: one pass (functions/knative TeamsRenewOnce, the ingest
# module's TeamsRenewEntry as on AWS and GCP) that renews the subscriptions saved in the tenant's
# bucket (sources/teams/subscriptions.json) expiring within 20 minutes and re-creates those Graph
# removed. Exit 0 when none failed; 1 when one was not renewed or the store or Graph was
# unreachable (the Job retries within its deadline, then the next tick); 2 for a configuration
# error. The Graph app's secret and the client state come from the operator's Secret
# (teams_secret_id) by reference: the keys the declaration's client_secret_ref names and
# TEAMS_CLIENT_STATE; its pods alone may reach Microsoft's endpoints
# (teams_egress_cidrs, network.tf). Without a Teams source none of this exists. The operator
# creates the Secret, so neither value enters the Terraform state:
#   kubectl -n <namespace> create secret generic teams \
#     --from-file=TEAMS_CLIENT_SECRET=<file> --from-file=TEAMS_CLIENT_STATE=<file>

locals {
  teams_pipeline = length(module.pipeline.teams_pipelines) > 0 ? module.pipeline.teams_pipelines[0] : null

  teams_renew_env = local.teams_pipeline == null ? [] : concat(local.store_env, [
    { name = "CONSERVER_PIPELINE", value = local.teams_pipeline },
    { name = "CONSERVER_PIPELINE_JSON", value = local.pipelines[local.teams_pipeline].declaration_json },
    # A reference, resolved from the Secret's key TEAMS_CLIENT_STATE.
    { name = "CONSERVER_TEAMS_CLIENT_STATE_REF", value = "env:TEAMS_CLIENT_STATE" },
  ], local.store_ca_env)

  teams_renew_job = {
    schedule = var.teams_renew_schedule, deadline_s = var.teams_renew_deadline_s, args = var.teams_renew_args
    env      = local.teams_renew_env, secrets = [var.teams_secret_id], egress = "graph"
    # Without the Secret and the egress, planning fails instead of deploying a job that only fails.
    configured = var.teams_secret_id != null && length(var.teams_egress_cidrs) > 0
    needs      = "pipeline ${coalesce(local.teams_pipeline, "-")} has a Teams source (options.fetch_media.teams): its renewal needs teams_secret_id (the Secret with the Graph app's client secret and the client state) and teams_egress_cidrs (where login.microsoftonline.com and graph.microsoft.com are reached)."
  }
}
