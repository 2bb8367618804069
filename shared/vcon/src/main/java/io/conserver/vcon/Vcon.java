package io.conserver.vcon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.JsonObjectBuilder;
import io.conserver.vcon.internal.JsonView;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A vCon in its unsigned form: an immutable, typed view over the JSON document. Every member the
 * model does not know (extensions, vendor fields) is kept, so {@code Vcon.parse(bytes).toBytes()}
 * loses nothing. Changes go through {@link #toBuilder()}, which returns a new instance.
 */
public final class Vcon extends JsonView {
  private Vcon(ObjectNode json) {
    super(json);
  }

  /**
   * Wraps a parsed unsigned vCon. No validation happens here: use the validator for that.
   *
   * @throws VconException when the document is not a JSON object or is signed/encrypted
   */
  public static Vcon of(JsonNode document) {
    VconForm form = VconForm.of(document);
    if (form != VconForm.UNSIGNED) {
      throw new VconException(
          "this vCon is " + form.name().toLowerCase() + "; verify or decrypt it first");
    }
    return new Vcon((ObjectNode) document);
  }

  public static Vcon parse(byte[] json) {
    return of(VconJson.codec().read(json));
  }

  public static Vcon parse(String json) {
    return of(VconJson.codec().read(json));
  }

  /** A builder for a new vCon with the given uuid and creation time. */
  public static Builder builder(UUID uuid, OffsetDateTime createdAt) {
    return new Builder(JsonNodeFactory.instance.objectNode())
        .set("uuid", uuid.toString())
        .set("created_at", createdAt);
  }

  /** A builder for a new vCon: a fresh UUIDv8 for the domain, created now. */
  public static Builder create(String domain, Clock clock) {
    return builder(VconUuid.generate(domain, clock), OffsetDateTime.now(clock));
  }

  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Compact JSON bytes, as stored. */
  public byte[] toBytes() {
    return VconJson.codec().write(json()); // the writer only reads: no defensive copy needed
  }

  /** SHA-512 content_hash of the compact serialization. */
  public ContentHash contentHash() {
    return ContentHash.sha512(toBytes());
  }

  public String uuid() {
    return text("uuid").orElse("");
  }

  public Optional<String> version() {
    return text("vcon");
  }

  public Optional<OffsetDateTime> createdAt() {
    return dateTime("created_at");
  }

  public Optional<OffsetDateTime> updatedAt() {
    return dateTime("updated_at");
  }

  public Optional<String> subject() {
    return text("subject");
  }

  public List<Party> parties() {
    return objects("parties", Party::new);
  }

  public List<Dialog> dialogs() {
    return objects("dialog", Dialog::new);
  }

  public List<Analysis> analysis() {
    return objects("analysis", Analysis::new);
  }

  public List<Attachment> attachments() {
    return objects("attachments", Attachment::new);
  }

  public Optional<VconReference> redacted() {
    return object("redacted", VconReference::new);
  }

  public Optional<VconReference> amended() {
    return object("amended", VconReference::new);
  }

  /** The reserved {@code group} member, raw (the draft reserves it; producers rarely use it). */
  public Optional<JsonNode> group() {
    return member("group");
  }

  public List<String> extensions() {
    return textList("extensions");
  }

  public List<String> critical() {
    return textList("critical");
  }

  /**
   * A redacted copy to fill in: it gets a deterministic uuid derived from this one, and its {@code
   * redacted} object points at this vCon by uuid and content hash. The caller removes or masks the
   * personal data (keeping array placeholders so indexes stay valid).
   */
  public Builder redactedCopy(String redactionType, Clock clock) {
    ObjectNode reference = JsonNodeFactory.instance.objectNode();
    reference.put("uuid", uuid());
    reference.put("type", redactionType);
    reference.put("content_hash", contentHash().toString());
    return linkedCopy(VconUuid.derive(UUID.fromString(uuid()), "redacted"), clock)
        .remove("amended")
        .set("redacted", reference);
  }

  /**
   * An amended copy (a deep copy with a new UUIDv8 minted for {@code domain}) whose {@code amended}
   * object points at this vCon; the caller adds the new data.
   */
  public Builder amendedCopy(String domain, Clock clock) {
    ObjectNode reference = JsonNodeFactory.instance.objectNode();
    reference.put("uuid", uuid());
    reference.put("content_hash", contentHash().toString());
    return linkedCopy(VconUuid.generate(domain, clock), clock)
        .remove("redacted")
        .set("amended", reference);
  }

  private Builder linkedCopy(UUID newUuid, Clock clock) {
    return toBuilder()
        .set("uuid", newUuid.toString())
        .set("updated_at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** Builds a vCon; members appear in the order they are first set. */
  public static final class Builder extends JsonObjectBuilder<Builder> {
    Builder(ObjectNode start) {
      super(start);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder subject(String subject) {
      return set("subject", subject);
    }

    public Builder updatedAt(OffsetDateTime updatedAt) {
      return set("updated_at", updatedAt);
    }

    public Builder addParty(Party party) {
      return append("parties", party.toJson());
    }

    public Builder addDialog(Dialog dialog) {
      return append("dialog", dialog.toJson());
    }

    public Builder addAnalysis(Analysis analysis) {
      return append("analysis", analysis.toJson());
    }

    public Builder addAttachment(Attachment attachment) {
      return append("attachments", attachment.toJson());
    }

    public Builder addExtension(String name) {
      return append("extensions", NODES.textNode(name));
    }

    /** Replaces the element at an index (e.g. with a redaction placeholder). */
    public Builder replace(String arrayMember, int index, JsonNode value) {
      JsonNode array = json.get(arrayMember);
      if (!(array instanceof ArrayNode elements) || index < 0 || index >= elements.size()) {
        throw new IndexOutOfBoundsException(arrayMember + "/" + index + " does not exist");
      }
      elements.set(index, io.conserver.vcon.internal.LiteralCopy.of(value));
      return this;
    }

    private Builder append(String arrayMember, JsonNode value) {
      JsonNode existing = json.get(arrayMember);
      ArrayNode array =
          existing instanceof ArrayNode elements ? elements : json.putArray(arrayMember);
      array.add(value);
      return this;
    }

    public Vcon build() {
      return new Vcon(json);
    }
  }
}
