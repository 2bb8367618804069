# The tenant's store credentials (and the store's CA when it is self-signed): mounted by the
# stage Services and the lifecycle job only, never logged (the functions read them from the
# environment and the file; the S3 adapter never prints them).
resource "kubernetes_secret_v1" "store" {
  metadata {
    name      = "store-credentials"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  data = {
    AWS_ACCESS_KEY_ID     = var.store_access_key
    AWS_SECRET_ACCESS_KEY = var.store_secret_key
  }
}

resource "kubernetes_config_map_v1" "store_ca" {
  count = var.store_ca_bundle_pem == null ? 0 : 1

  metadata {
    name      = "store-ca"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  data = {
    "ca.pem" = var.store_ca_bundle_pem
  }
}
