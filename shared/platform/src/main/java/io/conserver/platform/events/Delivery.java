package io.conserver.platform.events;

import java.util.Objects;

/**
 * One transport message: an SQS record, a Pub/Sub message, an HTTP request, a CloudEvent. It is
 * acknowledged (or reported as a batch item failure) as a whole, so it carries one outcome.
 *
 * @param messageId the transport's message id (SQS messageId, Pub/Sub messageId, CloudEvent id, SNS
 *     MessageId, EventBridge event id), or null when the transport has none (a direct S3
 *     notification, a direct invoke)
 * @param deliveryCount how many times the transport has delivered this message, counting this one
 *     (SQS {@code attributes.ApproximateReceiveCount}, Pub/Sub push {@code deliveryAttempt}), or 0
 *     when the transport does not say
 * @param outcome what the message means
 */
public record Delivery(String messageId, int deliveryCount, Outcome outcome) {
  public Delivery {
    Objects.requireNonNull(outcome, "outcome");
    if (deliveryCount < 0) {
      throw new IllegalArgumentException("deliveryCount must be >= 0");
    }
  }
}
