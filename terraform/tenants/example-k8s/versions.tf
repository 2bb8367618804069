terraform {
  required_version = ">= 1.5.0"

  # State of a tenant holds its store credentials: keep it in a protected remote backend, e.g.
  # backend "s3" { bucket = "terraform-state", key = "conserver/acme.tfstate", endpoint = "https://minio..." }
  # backend "kubernetes" { secret_suffix = "conserver-acme" }

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.31"
    }
  }
}
