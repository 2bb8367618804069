package io.conserver.platform.funqy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.conserver.platform.runner.StageTrigger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every @Funq entry point does with its input, whatever the binding:
 *
 * <ul>
 *   <li>{@link #handleJson}: the raw event JSON (Lambda with advanced event handling off, so the
 *       whole SQS batch arrives and each record's {@code ApproximateReceiveCount} bounds retries; a
 *       direct invoke; an HTTP push). Returns the SQS partial-batch response.
 *   <li>{@link #handleCloudEvent}: a CloudEvent (Cloud Functions gen2, Knative). The transport does
 *       not count deliveries, so attempts are counted in the bucket; a failure to retry is thrown
 *       so the platform redelivers.
 * </ul>
 */
public final class FunqyEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FunqyEvents() {}

  public static BatchResponse handleJson(
      StageFunctions functions, String function, JsonNode event) {
    try {
      byte[] body = JSON.writeValueAsBytes(event);
      List<StageTrigger.DeliveryResult> results =
          functions.trigger(function).handle(body, Map.of());
      if (results.stream().anyMatch(r -> r.retry() && r.messageId() == null)) {
        // Not an SQS batch (a direct or asynchronous invoke): only an error makes Lambda retry.
        throw new RetryLater("stage " + function + " failed transiently; retry the invocation");
      }
      return BatchResponse.of(StageTrigger.failedMessageIds(results));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void handleCloudEvent(StageFunctions functions, String function, CloudEvent event) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("specversion", event.getSpecVersion().toString());
    attributes.put("id", event.getId());
    attributes.put("type", event.getType());
    attributes.put("source", event.getSource().toString());
    if (event.getSubject() != null) {
      attributes.put("subject", event.getSubject());
    }
    if (event.getDataContentType() != null) {
      attributes.put("datacontenttype", event.getDataContentType());
    }
    handleCloudEvent(functions, function, attributes, data(event));
  }

  /** The event's data, empty when it carries none. */
  public static byte[] data(CloudEvent event) {
    return event.getData() == null ? new byte[0] : event.getData().toBytes();
  }

  /**
   * A CloudEvent given as its context attributes (by their CloudEvents names: {@code id}, {@code
   * type}, {@code source}, {@code specversion}, {@code subject}, {@code datacontenttype}; null
   * values are left out) and its data: for bindings with their own CloudEvent type (Knative).
   */
  public static void handleCloudEvent(
      StageFunctions functions, String function, Map<String, String> attributes, byte[] data) {
    Map<String, String> headers = new HashMap<>();
    attributes.forEach(
        (name, value) -> {
          if (value != null) {
            headers.put(name.equals("datacontenttype") ? "content-type" : "ce-" + name, value);
          }
        });
    List<StageTrigger.DeliveryResult> results =
        functions.trigger(function).handle(data == null ? new byte[0] : data, headers);
    if (results.stream().anyMatch(StageTrigger.DeliveryResult::retry)) {
      throw new RetryLater(
          "stage "
              + function
              + " failed transiently for event "
              + attributes.get("id")
              + "; redeliver");
    }
  }

  /** Thrown so the platform redelivers the event (Cloud Functions / Knative retry policy). */
  public static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryLater(String message) {
      super(message);
    }
  }
}
