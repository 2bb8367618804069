terraform {
  # Provider-free on purpose: this module only derives values from the pipeline declarations,
  # so `terraform validate`, `plan` and `console` run on it offline (terraform/checks does).
  required_version = ">= 1.5.0"
}
