package io.conserver.platform.runner;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stage fed by a queue whose consumer the platform runs itself (Kafka, NATS JetStream), as
 * opposed to one a cloud service calls (Lambda, Cloud Functions, Knative). It decides, per message,
 * what the consumer does with it once the stage has run: acknowledge (commit), leave it for
 * redelivery, or move it to the dead-letter topic or subject.
 *
 * <p>The bound is the stage's {@code max_receive_count}, the same number the cloud queues use as
 * their redrive count: the runner quarantines an input at its last attempt, so a message reaches
 * the dead-letter destination only when even that could not be recorded (the store unreachable, the
 * process failing), or when it comes back after the bound.
 */
public final class QueueStage {
  private static final Logger LOG = Logger.getLogger(QueueStage.class.getName());

  /** What the consumer does with a message. */
  public sealed interface Decision {
    /** The stage's output (or quarantine record) is written: acknowledge or commit. */
    record Ack() implements Decision {}

    /** A transient failure below the bound: let the transport deliver it again. */
    record Retry(String reason) implements Decision {}

    /** Past the bound: publish to the dead-letter destination, then acknowledge. */
    record DeadLetter(String reason) implements Decision {}
  }

  private final StageTrigger trigger;
  private final int maxDeliveries;

  public QueueStage(StageTrigger trigger) {
    this.trigger = trigger;
    this.maxDeliveries = trigger.stage().maxReceiveCount();
  }

  /** Deliveries allowed before the dead-letter destination (the stage's max_receive_count). */
  public int maxDeliveries() {
    return maxDeliveries;
  }

  /** The stage this consumer feeds. */
  public String stageName() {
    return trigger.stage().name();
  }

  /**
   * Runs the stage for one message.
   *
   * @param body the message's value, an S3-format bucket notification
   * @param headers the message's headers (may hold CloudEvent {@code ce-*} attributes)
   * @param transportDeliveryCount the transport's own delivery count (JetStream's {@code
   *     numDelivered}), or 0 when it keeps none (Kafka): the runner then counts attempts in the
   *     bucket, which survives consumer restarts and rebalances
   * @param attempt how many times this consumer has handled the message, counting this one (the
   *     transport's count where it has one)
   */
  public Decision handle(
      byte[] body, Map<String, String> headers, int transportDeliveryCount, int attempt) {
    if (attempt > maxDeliveries) {
      return new Decision.DeadLetter(
          "delivered " + attempt + " times, more than the stage's bound of " + maxDeliveries);
    }
    String reason;
    try {
      List<StageTrigger.DeliveryResult> results =
          trigger.handle(body, headers, transportDeliveryCount);
      if (results.stream().noneMatch(StageTrigger.DeliveryResult::retry)) {
        return new Decision.Ack();
      }
      reason = "the stage failed transiently";
    } catch (RuntimeException e) {
      // The runner could not even record the failure (e.g. the store is unreachable). The message
      // may name keys: log the class, not the message, in the reason that travels with it.
      LOG.log(Level.WARNING, "stage " + stageName() + " could not handle a message", e);
      reason =
          "the stage could not run or record its outcome (" + e.getClass().getSimpleName() + ")";
    }
    return attempt >= maxDeliveries
        ? new Decision.DeadLetter(reason + " at attempt " + attempt + " of " + maxDeliveries)
        : new Decision.Retry(reason);
  }

  /**
   * Records a dead-lettered message as a quarantine record too, once it is safely on the
   * dead-letter destination; best effort (the store may be what failed), never throws.
   */
  public void recordDeadLetter(String messageId, byte[] body, int attempt, String reason) {
    try {
      trigger.quarantineDeadLetter(messageId, body, attempt, reason);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "stage "
              + stageName()
              + ": dead-lettered message "
              + messageId
              + " has no quarantine record (the dead-letter destination holds it)",
          e);
    }
  }
}
