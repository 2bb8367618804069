package io.conserver.functions.knative;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.funqy.FunqyEvents;
import io.conserver.platform.funqy.StageFunctions;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Knative entry points of every stage function ({@code <function>-knative}); a Knative Service
 * picks one with {@code QUARKUS_FUNQY_EXPORT} (read at run time: every Service runs the same
 * image). Without an export, the binding routes a CloudEvent by its {@code type} to the function of
 * that name. The Funqy Knative binding takes the CloudEvent over HTTP in binary mode ({@code ce-*}
 * headers, body = data) or structured mode ({@code application/cloudevents+json}) and hands it over
 * with its data parsed; the stage decodes the data (a MinIO/Ceph S3-format notification) itself.
 * Functions return nothing: a reply event would go back to a Broker. A transient failure throws, so
 * the HTTP answer is 500 and Knative's delivery spec retries, then routes to the dead-letter sink;
 * Knative keeps no delivery count, so attempts are counted in the bucket.
 */
public class KnativeStages {

  @Funq("ingest-knative")
  public void ingest(CloudEvent<JsonNode> event) {
    handle("ingest", event);
  }

  @Funq("transcribe-knative")
  public void transcribe(CloudEvent<JsonNode> event) {
    handle("transcribe", event);
  }

  @Funq("translate-knative")
  public void translate(CloudEvent<JsonNode> event) {
    handle("translate", event);
  }

  @Funq("redact-knative")
  public void redact(CloudEvent<JsonNode> event) {
    handle("redact", event);
  }

  @Funq("analyze-knative")
  public void analyze(CloudEvent<JsonNode> event) {
    handle("analyze", event);
  }

  @Funq("route-knative")
  public void route(CloudEvent<JsonNode> event) {
    handle("route", event);
  }

  @Funq("export-knative")
  public void export(CloudEvent<JsonNode> event) {
    handle("export", event);
  }

  @Funq("export-to-cloud-knative")
  public void exportToCloud(CloudEvent<JsonNode> event) {
    handle("export-to-cloud", event);
  }

  private static void handle(String function, CloudEvent<JsonNode> event) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("specversion", event.specVersion());
    attributes.put("id", event.id());
    attributes.put("type", event.type());
    attributes.put("source", event.source());
    attributes.put("subject", event.subject());
    attributes.put("datacontenttype", event.dataContentType());
    JsonNode data = event.data();
    byte[] bytes = data == null ? new byte[0] : data.toString().getBytes(StandardCharsets.UTF_8);
    FunqyEvents.handleCloudEvent(StageFunctions.fromEnvironment(), function, attributes, bytes);
  }
}
