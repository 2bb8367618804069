terraform {
  required_version = ">= 1.10.0"

  # One state per tenant; it holds the on-premise store credentials and the cloud tenant's
  # party-index key: keep it in an encrypted, access-restricted remote backend, e.g.
  # backend "s3" {
  #   bucket       = "acme-terraform-state"
  #   key          = "conserver/tenants/acme-hybrid/terraform.tfstate"
  #   region       = "eu-west-3"
  #   encrypt      = true
  #   use_lockfile = true
  # }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70, < 7.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.31"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6"
    }
  }
}
