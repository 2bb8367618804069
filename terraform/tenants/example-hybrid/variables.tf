variable "tenant" {
  description = "The tenant this root deploys, on premise and in the cloud (the same name on both sides, so media and ledger references agree)."
  type        = string
  default     = "example"
}

variable "region" {
  description = "AWS region of the tenant's cloud half."
  type        = string
  default     = "eu-west-3"
}

variable "kubeconfig" {
  description = "Path of the kubeconfig for the on-premise cluster."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "Context of the kubeconfig to use; null for its current context."
  type        = string
  default     = null
}

variable "functions_image" {
  description = "The on-premise image (functions/knative/Dockerfile, --target functions)."
  type        = string
}

variable "engines_image" {
  description = "The on-premise image with the offline engines (--target engines), for transcribe."
  type        = string
}

variable "store_endpoint" {
  description = "URL of the on-premise S3-compatible store (MinIO, Ceph RGW)."
  type        = string
}

variable "bucket" {
  description = "The tenant's bucket in the on-premise store."
  type        = string
}

variable "store_access_key" {
  description = "Access key of the tenant's on-premise store user."
  type        = string
  sensitive   = true
}

variable "store_secret_key" {
  description = "Secret key of the tenant's on-premise store user."
  type        = string
  sensitive   = true
}

variable "store_ca_bundle_file" {
  description = "PEM file of the CA that signed the store's certificate; null for a public CA."
  type        = string
  default     = null
}

variable "store_cidrs" {
  description = "IP blocks where the on-premise store listens."
  type        = list(string)
}

variable "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers the on-premise store publishes its notifications to."
  type        = string
}

variable "kafka_cidrs" {
  description = "IP blocks where the Kafka brokers listen."
  type        = list(string)
}

variable "cloud_endpoint_cidrs" {
  description = "IP blocks the export-to-cloud pods may reach on 443: the regional S3 endpoint as the premises' egress sees it (an egress proxy or a VPC endpoint reached over a private link)."
  type        = list(string)
}

variable "cloud_credentials_secret_id" {
  description = "Name of the Secret, in the tenant's namespace, holding the cloud exporter's access key (CONSERVER_CLOUD_ACCESS_KEY_ID, CONSERVER_CLOUD_SECRET_ACCESS_KEY); created by the operator (see main.tf)."
  type        = string
  default     = "cloud-export-credentials"
}

variable "analyze_image" {
  description = "ECR image URI of the analyze function (<account>.dkr.ecr.<region>.amazonaws.com/<namespace>/analyze:<tag> or @sha256:<digest>), built from functions/analyze/Dockerfile's aws stage and pushed as the README's \"Container images\" says: its embedding model and ONNX runtime exceed a zip package."
  type        = string
}

variable "lifecycle_keys_secret_id" {
  description = "Name of the Secret, in the tenant's namespace, holding the lifecycle job's keys (CONSERVER_PARTY_INDEX_KEY, CONSERVER_RECEIPT_KEY); created by the operator (see main.tf)."
  type        = string
  default     = "lifecycle-keys"
}
