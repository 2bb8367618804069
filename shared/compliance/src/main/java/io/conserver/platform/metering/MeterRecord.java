package io.conserver.platform.metering;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One stage run as the runner metered it ({@code meter/<day>/<pipeline>/<stage>/<uuid>.json}): the
 * basis of per-call billing and of the cost model. {@code calls} is 1 at a pipeline's first stage
 * only, so summing it counts conversations, not stage runs.
 */
public record MeterRecord(
    String pipeline,
    String stage,
    String conversation,
    int calls,
    long bytesIn,
    long bytesOut,
    double audioSeconds,
    long durationMillis,
    Instant at) {

  /** Reads a record; fields a record written before they existed default to zero. */
  public static MeterRecord of(JsonNode json) {
    return new MeterRecord(
        json.path("pipeline").asText(),
        json.path("stage").asText(),
        json.path("conversation").asText(),
        json.path("calls").asInt(0),
        json.path("bytes_in").asLong(0),
        json.path("bytes_out").asLong(0),
        json.path("audio_seconds").asDouble(0),
        json.path("duration_ms").asLong(0),
        Instant.parse(json.path("at").asText("1970-01-01T00:00:00Z")));
  }
}
