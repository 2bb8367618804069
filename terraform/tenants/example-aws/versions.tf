terraform {
  required_version = ">= 1.10.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6"
    }
  }

  # Remote state, one state per tenant. The state holds the party-index key (the Lambda
  # environment cannot reference a secret), so the state bucket is encrypted with a KMS key,
  # versioned, and readable only by the people who deploy. Terraform >= 1.10 locks with a lock
  # object next to the state (use_lockfile), no DynamoDB table needed. Create the state bucket
  # once, outside this root, then uncomment and run `terraform init -migrate-state`.
  #
  # backend "s3" {
  #   bucket       = "acme-terraform-state"
  #   key          = "conserver/tenants/acme/terraform.tfstate"
  #   region       = "eu-west-3"
  #   encrypt      = true
  #   kms_key_id   = "alias/terraform-state"
  #   use_lockfile = true
  # }
}
