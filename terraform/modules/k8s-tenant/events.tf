# Per stage: the KafkaSource that reads the stage's notification topic (its consumer group is the
# stage's) and delivers each record as a CloudEvent to the stage's Service, retrying a 5xx with
# backoff up to the declared max_receive_count, then handing it to the dead-letter sink: a
# KafkaSink writing the stage's dead-letter topic. The function quarantines at the same count, so
# the dead-letter topic only gets what could not even be recorded.
resource "kubernetes_manifest" "dead_letter" {
  for_each = local.stages

  manifest = {
    apiVersion = "eventing.knative.dev/v1alpha1"
    kind       = "KafkaSink"
    metadata = {
      name      = "${local.stage_names[each.key]}-dead-letter"
      namespace = kubernetes_namespace_v1.tenant.metadata[0].name
    }
    spec = {
      topic             = "${local.topics[each.key]}.dead-letter"
      bootstrapServers  = [var.kafka_bootstrap_servers]
      numPartitions     = 1
      replicationFactor = 3
    }
  }
}

resource "kubernetes_manifest" "source" {
  for_each = local.stages

  manifest = {
    apiVersion = "sources.knative.dev/v1beta1"
    kind       = "KafkaSource"
    metadata = {
      name      = local.stage_names[each.key]
      namespace = kubernetes_namespace_v1.tenant.metadata[0].name
    }
    spec = {
      consumerGroup    = "${local.namespace}-${local.stage_names[each.key]}"
      bootstrapServers = [var.kafka_bootstrap_servers]
      topics           = [local.topics[each.key]]
      initialOffset    = "earliest"
      sink = {
        ref = {
          apiVersion = "serving.knative.dev/v1"
          kind       = "Service"
          name       = local.stage_names[each.key]
        }
      }
      delivery = {
        retry         = each.value.max_receive_count - 1
        backoffPolicy = "exponential"
        backoffDelay  = "PT2S"
        deadLetterSink = {
          ref = {
            apiVersion = "eventing.knative.dev/v1alpha1"
            kind       = "KafkaSink"
            name       = "${local.stage_names[each.key]}-dead-letter"
          }
        }
      }
    }
  }

  depends_on = [kubernetes_manifest.service, kubernetes_manifest.dead_letter]
}
