# Tenants apart: nothing enters the tenant's pods except from Knative's own data plane (the
# activator and the Kafka source dispatcher), and they reach nothing but the store, the Kafka
# brokers and DNS. Another tenant's pods match neither rule.
resource "kubernetes_network_policy_v1" "default_deny" {
  metadata {
    name      = "default-deny"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]
  }
}

resource "kubernetes_network_policy_v1" "allow_eventing_ingress" {
  metadata {
    name      = "allow-knative-ingress"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    pod_selector {
      match_labels = { "conserver.io/tenant" = var.tenant }
    }
    policy_types = ["Ingress"]
    ingress {
      dynamic "from" {
        for_each = toset(var.eventing_namespaces)
        content {
          namespace_selector {
            match_labels = { "kubernetes.io/metadata.name" = from.value }
          }
        }
      }
    }
  }
}

resource "kubernetes_network_policy_v1" "allow_egress" {
  metadata {
    name      = "allow-store-kafka-dns"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    pod_selector {}
    policy_types = ["Egress"]
    egress {
      dynamic "to" {
        for_each = toset(concat(var.store_cidrs, var.kafka_cidrs))
        content {
          ip_block {
            cidr = to.value
          }
        }
      }
    }
    egress {
      to {
        namespace_selector {
          match_labels = { "kubernetes.io/metadata.name" = "kube-system" }
        }
      }
      ports {
        port     = "53"
        protocol = "UDP"
      }
      ports {
        port     = "53"
        protocol = "TCP"
      }
    }
  }
}

# Hybrid tenants: the pods of stages that write to the cloud bucket (export-to-cloud) alone may reach the tenant's cloud bucket (HTTPS), so
# no other stage, and no pod of the recordings' stages, has a way out of the premises.
resource "kubernetes_network_policy_v1" "allow_cloud_export" {
  count = var.cloud_export == null ? 0 : 1

  metadata {
    name      = "allow-export-to-cloud"
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    pod_selector {
      match_labels = {
        "conserver.io/tenant" = var.tenant
        "conserver.io/egress" = "cloud"
      }
    }
    policy_types = ["Egress"]
    egress {
      dynamic "to" {
        for_each = toset(var.cloud_export.cidrs)
        content {
          ip_block {
            cidr = to.value
          }
        }
      }
      ports {
        port     = "443"
        protocol = "TCP"
      }
    }
  }
}
