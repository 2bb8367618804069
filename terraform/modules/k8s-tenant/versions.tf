terraform {
  required_version = ">= 1.5.0"

  # The kubernetes provider only: Knative Serving/Eventing and the Kafka broker are installed once
  # per cluster by the platform team (Helm or the operators), not per tenant, so this module needs
  # no helm provider; it creates the tenant's objects, Knative ones through kubernetes_manifest.
  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.31"
    }
  }
}
