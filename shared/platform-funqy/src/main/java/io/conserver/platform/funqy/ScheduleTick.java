package io.conserver.platform.funqy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * A schedule tick as a scheduled function's Funqy entry point receives it, reduced to what {@code
 * ScheduleEvent.decode} reads: the body's bytes and the headers. The JSON entry ({@code lifecycle},
 * {@code teams-renew}) gets the tick already parsed; the CloudEvent entry ({@code *-cloudevent})
 * gets Pub/Sub's message as the event's data.
 */
public record ScheduleTick(byte[] body, Map<String, String> headers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ScheduleTick of(JsonNode tick) throws JsonProcessingException {
    return new ScheduleTick(JSON.writeValueAsBytes(tick), Map.of());
  }

  public static ScheduleTick of(CloudEvent event) {
    return new ScheduleTick(FunqyEvents.data(event), Map.of("ce-type", event.getType()));
  }
}
