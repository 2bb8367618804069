package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The state of one decode: the tenant, and how deep the current envelope sits (an SQS body holding
 * an SNS message holding an S3 notification is depth 2). Envelope formats use {@link #nested} to
 * decode what they carry.
 */
final class Decoding {
  /** Envelopes nest at most this deep (SQS, SNS, payload need 2). */
  static final int MAX_DEPTH = 3;

  private final EventDecoder decoder;
  private final String tenant;
  private final int depth;

  Decoding(EventDecoder decoder, String tenant, int depth) {
    this.decoder = decoder;
    this.tenant = tenant;
    this.depth = depth;
  }

  String tenant() {
    return tenant;
  }

  /** Parses a JSON document carried inside an event (Pub/Sub data, CloudEvent data_base64). */
  JsonNode parse(byte[] payload) {
    return decoder.parse(payload);
  }

  /** A new collector of created objects for this tenant. */
  Created created() {
    return new Created(tenant);
  }

  /**
   * Decodes what an envelope carries (an SQS body, an SNS Message, Pub/Sub data) as the single
   * outcome of the envelope's own delivery.
   *
   * @param what names the payload in reasons ("SQS body")
   */
  Outcome nested(String what, String payload) {
    return nested(what, payload.getBytes(StandardCharsets.UTF_8));
  }

  Outcome nested(String what, byte[] payload) {
    Outcome outcome = nestedOutcome(payload);
    if (outcome instanceof Outcome.Undecodable u) {
      return new Outcome.Undecodable(what + ": " + u.reason());
    }
    return outcome;
  }

  private Outcome nestedOutcome(byte[] payload) {
    if (depth >= MAX_DEPTH) {
      return new Outcome.Undecodable("envelopes nested more than " + MAX_DEPTH + " deep");
    }
    JsonNode root;
    try {
      root = decoder.parse(payload);
    } catch (BadEvent e) {
      return new Outcome.Undecodable(e.getMessage());
    }
    List<Delivery> deliveries = decoder.dispatch(root, new Decoding(decoder, tenant, depth + 1));
    if (deliveries.size() != 1) {
      return new Outcome.Undecodable("a batch envelope inside an envelope");
    }
    return deliveries.get(0).outcome();
  }
}
