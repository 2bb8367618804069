package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;

/**
 * One trigger payload shape. {@link EventDecoder} asks each format in turn whether it recognises
 * the parsed JSON; the first that does decodes it. A format never throws for bad content: it
 * reports it as {@link Outcome.Undecodable} (helpers signal it with {@link BadEvent}).
 */
interface EventFormat {

  /** Whether this JSON object has this format's shape (cheap; looks at a few fields only). */
  boolean recognises(JsonNode root);

  /** Decodes a recognised JSON object into its deliveries (one per transport message). */
  List<Delivery> decode(JsonNode root, Decoding decoding);

  /** One delivery whose outcome is computed by {@code outcome}; poison found there is kept. */
  static Delivery deliver(String messageId, int deliveryCount, Supplier<Outcome> outcome) {
    Outcome result;
    try {
      result = outcome.get();
    } catch (BadEvent e) {
      result = new Outcome.Undecodable(e.getMessage());
    }
    return new Delivery(messageId, deliveryCount, result);
  }
}
