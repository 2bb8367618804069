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

# HTTPS beyond the premises, each way out for the pods labelled for it alone (conserver.io/egress):
# "cloud", the stages that write to the tenant's cloud bucket (export-to-cloud, hybrid tenants);
# "graph", the Teams renewal job (Azure AD and Microsoft Graph). No other stage, and no pod of the
# recordings' stages, has a way out of the premises.
locals {
  https_egress = merge(
    var.cloud_export == null ? {} : { cloud = { name = "allow-export-to-cloud", cidrs = var.cloud_export.cidrs } },
    local.teams_pipeline == null ? {} : { graph = { name = "allow-teams-renew-graph", cidrs = var.teams_egress_cidrs } },
  )
}

moved {
  from = kubernetes_network_policy_v1.allow_cloud_export[0]
  to   = kubernetes_network_policy_v1.allow_https_egress["cloud"]
}

resource "kubernetes_network_policy_v1" "allow_https_egress" {
  for_each = local.https_egress

  metadata {
    name      = each.value.name
    namespace = kubernetes_namespace_v1.tenant.metadata[0].name
  }
  spec {
    pod_selector {
      match_labels = {
        "conserver.io/tenant" = var.tenant
        "conserver.io/egress" = each.key
      }
    }
    policy_types = ["Egress"]
    egress {
      dynamic "to" {
        for_each = toset(each.value.cidrs)
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
