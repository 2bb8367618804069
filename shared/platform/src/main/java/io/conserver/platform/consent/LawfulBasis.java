package io.conserver.platform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a stage may process a vCon for its declared purpose (DESIGN.md, "Consent and lawful
 * basis"): the vCon's own lawful-basis attachments decide; where it has none, the pipeline's {@code
 * lawful_basis_default}.
 *
 * <p>The attachment shape is the vCon lawful-basis extension, draft-howe-vcon-lawful-basis-01
 * (https://datatracker.ietf.org/doc/draft-howe-vcon-lawful-basis/): an attachment with {@code
 * "purpose": "lawful_basis"} whose JSON body carries {@code lawful_basis} (one of the six GDPR Art.
 * 6 bases), {@code expiration} (RFC 3339 or null) and {@code purpose_grants} ({@code purpose},
 * {@code granted}, {@code granted_at}). Also read: {@code "type": "lawful_basis"} (earlier
 * libraries wrote it), a body given as a JSON string, and a bare basis name as the body.
 *
 * <p>An attachment covers the stage's purpose when it has not expired and: its grants do not refuse
 * the purpose, and, for the {@code consent} basis, a grant gives it (consent is per purpose; the
 * other bases do not need a grant). An attachment without {@code purpose_grants} covers every
 * purpose. Each attachment present (one per consenting party, typically) must cover the purpose:
 * one party's refusal stops the stage.
 */
public final class LawfulBasis {
  private static final String ATTACHMENT = "lawful_basis";

  private LawfulBasis() {}

  /** The outcome: a basis and where it came from, or why there is none. */
  public record Decision(Optional<String> basis, String source, String reason) {
    public boolean allowed() {
      return basis.isPresent();
    }

    static Decision of(String basis, String source) {
      return new Decision(Optional.of(basis), source, "");
    }

    static Decision none(String reason) {
      return new Decision(Optional.empty(), "", reason);
    }
  }

  /**
   * Decides for a stage's purpose at a time.
   *
   * @param purpose the stage's declared purpose, empty when it declares none (then any unexpired
   *     basis covers it)
   */
  public static Decision decide(
      Vcon vcon, PipelineDeclaration pipeline, Optional<String> purpose, Instant now) {
    List<JsonNode> bodies = new ArrayList<>();
    for (Attachment attachment : vcon.attachments()) {
      boolean lawfulBasis =
          attachment.purpose().filter(ATTACHMENT::equals).isPresent()
              || attachment.text("type").filter(ATTACHMENT::equals).isPresent();
      if (lawfulBasis) {
        bodies.add(body(attachment));
      }
    }
    if (bodies.isEmpty()) {
      return Optional.ofNullable(pipeline.lawfulBasisDefault())
          .filter(b -> !b.isBlank())
          .map(b -> Decision.of(b, "pipeline default"))
          .orElse(
              Decision.none(
                  "no lawful basis: the vCon has none and the pipeline declares no default"));
    }
    String first = null;
    for (JsonNode body : bodies) {
      Optional<String> refusal = refusal(body, purpose, now);
      if (refusal.isPresent()) {
        return Decision.none(refusal.get());
      }
      first = first == null ? normalised(body.path("lawful_basis").asText()) : first;
    }
    return Decision.of(first, "attachment");
  }

  /** Why this attachment does not cover the purpose, or empty when it does. */
  private static Optional<String> refusal(JsonNode body, Optional<String> purpose, Instant now) {
    String basis = normalised(body.path("lawful_basis").asText(""));
    if (basis.isEmpty()) {
      return Optional.of("no lawful basis: a lawful-basis attachment names no basis");
    }
    JsonNode expiration = body.path("expiration");
    if (expiration.isTextual()) {
      try {
        if (!OffsetDateTime.parse(expiration.textValue()).toInstant().isAfter(now)) {
          return Optional.of("no lawful basis: the vCon's " + basis + " expired");
        }
      } catch (DateTimeParseException e) {
        return Optional.of("no lawful basis: the attachment's expiration is not an RFC 3339 time");
      }
    }
    JsonNode grants = body.path("purpose_grants");
    if (purpose.isEmpty() || !grants.isArray()) {
      return Optional.empty();
    }
    for (JsonNode grant : grants) {
      if (purpose.get().equals(grant.path("purpose").asText())) {
        return grant.path("granted").asBoolean(false)
            ? Optional.empty()
            : Optional.of("no lawful basis: purpose " + purpose.get() + " is not granted");
      }
    }
    return basis.equals("consent")
        ? Optional.of("no lawful basis: no consent for purpose " + purpose.get())
        : Optional.empty();
  }

  private static JsonNode body(Attachment attachment) {
    JsonNode body = attachment.body().orElse(JsonNodeFactory.instance.objectNode());
    if (body.isTextual()) {
      String text = body.textValue().strip();
      if (text.startsWith("{")) {
        try {
          return VconJson.codec().read(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          return JsonNodeFactory.instance.objectNode(); // unreadable: names no basis
        }
      }
      return JsonNodeFactory.instance.objectNode().put("lawful_basis", text);
    }
    return body;
  }

  /** The draft writes {@code legitimate_interests}; declarations use the singular. */
  static String normalised(String basis) {
    return basis.equals("legitimate_interests") ? "legitimate_interest" : basis;
  }
}
