variable "kubeconfig" {
  description = "Kubeconfig file of the cluster."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "Kubeconfig context (null: the current one)."
  type        = string
  default     = null
}

variable "tenant" {
  description = "Tenant name."
  type        = string
  default     = "acme"
}

variable "functions_image" {
  description = "The image built from functions/knative/Dockerfile, pushed to the cluster's registry."
  type        = string
}

variable "store_endpoint" {
  description = "URL of the S3-compatible store."
  type        = string
}

variable "bucket" {
  description = "The tenant's bucket in the store."
  type        = string
}

variable "store_access_key" {
  description = "Access key of the tenant's store user (from a secret store, never committed)."
  type        = string
  sensitive   = true
}

variable "store_secret_key" {
  description = "Secret key of the tenant's store user (from a secret store, never committed)."
  type        = string
  sensitive   = true
}

variable "store_ca_bundle_file" {
  description = "PEM file of the store's CA when it is self-signed."
  type        = string
  default     = null
}

variable "store_cidrs" {
  description = "IP blocks of the store."
  type        = list(string)
}

variable "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers."
  type        = string
}

variable "kafka_cidrs" {
  description = "IP blocks of the Kafka brokers."
  type        = list(string)
}

variable "lifecycle_keys_secret_id" {
  description = "Name of the Secret, in the tenant's namespace, holding the lifecycle job's keys (CONSERVER_PARTY_INDEX_KEY, CONSERVER_RECEIPT_KEY); created by the operator (see main.tf)."
  type        = string
  default     = "lifecycle-keys"
}
