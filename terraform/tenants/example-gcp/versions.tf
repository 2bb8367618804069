terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 5.40, < 8.0"
    }
    archive = {
      source  = "hashicorp/archive"
      version = ">= 2.4"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6"
    }
  }

  # Remote state, one state per tenant, in a bucket with versioning and uniform access that
  # only the deployers can read (the state holds the generated party-index key when the module
  # creates it). The gcs backend locks natively. Create the bucket once, outside this root,
  # then uncomment and run `terraform init -migrate-state`.
  #
  # backend "gcs" {
  #   bucket = "acme-terraform-state"
  #   prefix = "conserver/tenants/acme"
  #   # kms_encryption_key = "projects/acme-ops/locations/europe-west1/keyRings/tf/cryptoKeys/state"
  # }
}
