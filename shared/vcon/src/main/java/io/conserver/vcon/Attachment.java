package io.conserver.vcon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalInt;

/** A document that goes with the conversation but is not dialog (image, contract, tags...). */
public final class Attachment extends ContentObject {
  Attachment(ObjectNode json) {
    super(json);
  }

  public static Attachment of(ObjectNode json) {
    return new Attachment(json);
  }

  public static Builder builder(String purpose) {
    return new Builder(JsonNodeFactory.instance.objectNode()).set("purpose", purpose);
  }

  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** What the attachment is for; older producers call this member {@code type}. */
  public Optional<String> purpose() {
    return text("purpose").or(() -> text("type"));
  }

  public Optional<OffsetDateTime> start() {
    return dateTime("start");
  }

  public OptionalInt party() {
    return index("party");
  }

  public OptionalInt dialog() {
    return index("dialog");
  }

  /** Builds an attachment; members appear in the order they are set. */
  public static final class Builder extends ContentObject.Builder<Builder> {
    Builder(ObjectNode start) {
      super(start);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder start(OffsetDateTime start) {
      return set("start", start);
    }

    public Builder party(int index) {
      return set("party", index);
    }

    public Builder dialog(int index) {
      return set("dialog", index);
    }

    public Attachment build() {
      return new Attachment(json);
    }
  }
}
