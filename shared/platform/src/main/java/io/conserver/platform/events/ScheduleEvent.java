package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the tick that starts a scheduled function ({@code lifecycle}, {@code teams-renew}),
 * whatever the scheduler:
 *
 * <ul>
 *   <li>the constant input Terraform gives the EventBridge rule target and the Cloud Scheduler job,
 *       {@code {"tenant": "acme", "reason": "schedule"}}, also what a direct invoke sends; an
 *       EventBridge Scheduler target may add {@code "scheduled_time":
 *       "<aws.scheduler.scheduled-time>"}, a context attribute it fills in
 *       (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html);
 *   <li>a CloudWatch Events / EventBridge scheduled event, when a rule has no input: {@code
 *       "source": "aws.events"}, {@code "detail-type": "Scheduled Event"}, {@code "time"};
 *   <li>Pub/Sub: the {@code messagePublished} CloudEvent's data or a push request's body, {@code
 *       {"message": {"data": base64, "publishTime"}, "subscription"}}, whose data is one of the
 *       above;
 *   <li>a Cloud Scheduler HTTP target: the body as above, the time in {@code
 *       X-CloudScheduler-ScheduleTime}.
 * </ul>
 *
 * The tick's time is only recorded: what is due is decided by the function's own clock, so an event
 * can never make data expire early. A tick naming another tenant is refused.
 */
public final class ScheduleEvent {
  private static final long MAX_BYTES = 64 * 1024;

  private ScheduleEvent() {}

  /**
   * A decoded tick.
   *
   * @param source which scheduler sent it
   * @param tenant the tenant it names, when it names one
   * @param scheduledAt the time the scheduler gives, when it gives one
   */
  public record Tick(String source, Optional<String> tenant, Optional<Instant> scheduledAt) {
    /** The tick, or a refusal when it names another tenant than the one this deployment serves. */
    public Tick forTenant(String served) {
      if (tenant.isPresent() && !tenant.get().equals(served)) {
        throw new IllegalArgumentException(
            "the schedule names tenant '" + tenant.get() + "', this deployment serves another");
      }
      return this;
    }
  }

  /**
   * Decodes a tick from a body and its HTTP headers (names in any case; empty for Lambda).
   *
   * @throws IllegalArgumentException when it is not a schedule tick (an object notification, say)
   */
  public static Tick decode(byte[] body, Map<String, String> headers) {
    if (body.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "not a schedule tick: larger than " + MAX_BYTES + " bytes");
    }
    JsonNode json;
    try {
      json =
          body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()
              ? VconJson.codec().read("{}".getBytes(StandardCharsets.US_ASCII))
              : VconJson.codec().read(body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a schedule tick: not JSON");
    }
    Optional<Instant> headerTime =
        header(headers, "x-cloudscheduler-scheduletime").flatMap(ScheduleEvent::time);
    Tick tick = decode(json, 0);
    if (headerTime.isPresent() && header(headers, "x-cloudscheduler").isPresent()) {
      return new Tick("cloud-scheduler-http", tick.tenant(), headerTime);
    }
    return tick;
  }

  private static Tick decode(JsonNode json, int depth) {
    if (!json.isObject() || depth > 1) {
      throw new IllegalArgumentException("not a schedule tick: not a JSON object");
    }
    if (json.has("Records") || json.has("bucket") || json.has("key")) {
      throw new IllegalArgumentException(
          "not a schedule tick: an object notification reached a scheduled function");
    }
    if ("aws.events".equals(json.path("source").asText())
        && "Scheduled Event".equals(json.path("detail-type").asText())) {
      return new Tick(
          "eventbridge-scheduled-event", Optional.empty(), time(json.path("time").asText()));
    }
    JsonNode message = json.path("message");
    if (message.isObject() && message.has("data")) {
      byte[] data;
      try {
        data = Base64.getDecoder().decode(message.path("data").asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a schedule tick: Pub/Sub data is not base64");
      }
      Tick inner;
      try {
        inner = decode(VconJson.codec().read(data), depth + 1);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a schedule tick: Pub/Sub data is not one");
      }
      return new Tick("pubsub", inner.tenant(), time(message.path("publishTime").asText()));
    }
    Optional<String> tenant =
        json.path("tenant").isTextual()
            ? Optional.of(json.path("tenant").asText())
            : Optional.empty();
    return new Tick("direct", tenant, time(json.path("scheduled_time").asText("")));
  }

  private static Optional<Instant> time(String value) {
    try {
      return value.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      return Optional.empty(); // a tick is still a tick; its time is only recorded
    }
  }

  private static Optional<String> header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.ofNullable(entry.getValue());
      }
    }
    return Optional.empty();
  }
}
