package io.conserver.platform.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.events.Delivery;
import io.conserver.platform.events.EventDecoder;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.events.Outcome;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.VconJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * From a raw trigger payload (whatever transport delivered it) to stage runs: decodes it into
 * deliveries, runs every created object through the {@link StageRunner}, and reports per delivery
 * whether the transport should deliver it again. A payload nobody can decode is kept as a
 * quarantine record (never retried: it would fail the same way) so an operator can see it.
 */
public final class StageTrigger {
  /** How much of an undecodable payload is kept in its quarantine record. */
  static final int MAX_KEPT_PAYLOAD_BYTES = 256 * 1024;

  private final StageRunner runner;
  private final BlobStore store;
  private final String tenant;
  private final String pipeline;
  private final Clock clock;
  private final EventDecoder decoder = new EventDecoder();

  public StageTrigger(
      StageRunner runner, BlobStore store, String tenant, String pipeline, Clock clock) {
    this.runner = runner;
    this.store = store;
    this.tenant = tenant;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /** What happened to one delivery; {@code retry} tells the transport to deliver it again. */
  public record DeliveryResult(String messageId, List<StageOutcome> outcomes, boolean retry) {
    public DeliveryResult {
      outcomes = List.copyOf(outcomes);
    }
  }

  /** Decodes a payload and runs the stage for every object in it. */
  public List<DeliveryResult> handle(byte[] body, Map<String, String> headers) {
    return handle(body, headers, 0);
  }

  /**
   * Decodes a payload that a queue consumer received (Kafka, NATS JetStream) and runs the stage for
   * every object in it.
   *
   * @param transportDeliveryCount how many times the transport has delivered the message, counting
   *     this one, or 0 when it does not say (then attempts are counted in the bucket); it applies
   *     to every delivery in the payload whose own envelope gives no count
   */
  public List<DeliveryResult> handle(
      byte[] body, Map<String, String> headers, int transportDeliveryCount) {
    List<DeliveryResult> results = new ArrayList<>();
    for (Delivery delivery : decoder.decode(body, headers, tenant)) {
      if (delivery.deliveryCount() == 0 && transportDeliveryCount > 0) {
        delivery = new Delivery(delivery.messageId(), transportDeliveryCount, delivery.outcome());
      }
      results.add(handle(delivery, body));
    }
    return results;
  }

  /** The stage this trigger runs (its {@code max_receive_count} bounds a queue's redeliveries). */
  public io.conserver.platform.pipeline.StageDeclaration stage() {
    return runner.stage();
  }

  /**
   * Keeps a message that a queue consumer gave up on (sent to its dead-letter topic or subject) as
   * a quarantine record, so the bucket shows it beside every other failure of the stage.
   */
  public void quarantineDeadLetter(
      String messageId, byte[] body, int deliveryCount, String reason) {
    quarantineEvent(
        new Delivery(messageId, Math.max(0, deliveryCount), new Outcome.Undecodable(reason)),
        "DeadLettered",
        reason,
        body);
  }

  /** The message ids an SQS partial-batch response must list as failed. */
  public static List<String> failedMessageIds(List<DeliveryResult> results) {
    return results.stream().filter(DeliveryResult::retry).map(DeliveryResult::messageId).toList();
  }

  private DeliveryResult handle(Delivery delivery, byte[] body) {
    Outcome outcome = delivery.outcome();
    if (outcome instanceof Outcome.Objects objects) {
      List<StageOutcome> outcomes = new ArrayList<>();
      for (ObjectCreated object : objects.objects()) {
        outcomes.add(runner.handle(object, delivery.deliveryCount()));
      }
      boolean retry = outcomes.stream().anyMatch(o -> !o.acknowledged());
      return new DeliveryResult(delivery.messageId(), outcomes, retry);
    }
    if (outcome instanceof Outcome.Undecodable undecodable) {
      quarantineEvent(delivery, "UndecodableEvent", undecodable.reason(), body);
      return new DeliveryResult(delivery.messageId(), List.of(StageOutcome.QUARANTINED), false);
    }
    return new DeliveryResult(delivery.messageId(), List.of(StageOutcome.IGNORED), false);
  }

  private void quarantineEvent(Delivery delivery, String errorClass, String reason, byte[] body) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("pipeline", pipeline);
    record.put("stage", runner.stage().name());
    record.put("message_id", delivery.messageId());
    record.put("delivery_count", delivery.deliveryCount());
    ObjectNode error = record.putObject("error");
    error.put("class", errorClass);
    error.put("message", reason);
    byte[] kept =
        body.length > MAX_KEPT_PAYLOAD_BYTES ? Arrays.copyOf(body, MAX_KEPT_PAYLOAD_BYTES) : body;
    record.put("payload_truncated", kept.length < body.length);
    try {
      record.put(
          "payload", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(kept)).toString());
    } catch (CharacterCodingException e) {
      record.put("payload_base64", Base64.getEncoder().encodeToString(kept));
    }
    record.put("at", clock.instant().toString());
    String reference = "event-" + ContentHash.sha512(body).digest().substring(0, 24);
    store.putBytes(
        BucketLayout.quarantineKey(pipeline, runner.stage().name(), reference),
        VconJson.codec().write(record),
        PutOptions.JSON);
  }
}
