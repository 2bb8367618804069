# One tenant on premise (Kubernetes with Knative Serving and Eventing, the Knative Kafka
# extension, an S3-compatible store and Kafka). A new tenant: copy this folder to
# tenants/<tenant>/, set its backend and variables, `terraform init`, `terraform apply`, then run
# the output minio_notification_commands against the store. See README, "On premise and hybrid".
# The lifecycle job's keys are created by the operator, so they never enter the state:
#   kubectl -n <namespace> create secret generic lifecycle-keys \
#     --from-literal=CONSERVER_PARTY_INDEX_KEY="$(head -c 32 /dev/urandom | base64)" \
#     --from-file=CONSERVER_RECEIPT_KEY=receipt-signing.key   (PKCS#8 PRIVATE KEY + PUBLIC KEY PEM)

provider "kubernetes" {
  config_path    = var.kubeconfig
  config_context = var.kube_context
}

locals {
  repo = "${path.module}/../../.."
}

module "tenant" {
  source = "../../modules/k8s-tenant"

  tenant                  = var.tenant
  pipeline_files          = ["${local.repo}/terraform/pipelines/default.json"]
  functions_image         = var.functions_image
  store_endpoint          = var.store_endpoint
  bucket                  = var.bucket
  store_access_key        = var.store_access_key
  store_secret_key        = var.store_secret_key
  store_ca_bundle_pem     = var.store_ca_bundle_file == null ? null : file(var.store_ca_bundle_file)
  store_cidrs             = var.store_cidrs
  kafka_bootstrap_servers = var.kafka_bootstrap_servers
  kafka_cidrs             = var.kafka_cidrs

  lifecycle_keys_secret_id = var.lifecycle_keys_secret_id
}
