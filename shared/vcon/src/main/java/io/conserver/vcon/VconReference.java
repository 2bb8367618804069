package io.conserver.vcon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.JsonView;
import java.util.List;
import java.util.Optional;

/** The {@code redacted} or {@code amended} object: a pointer to a prior vCon instance. */
public final class VconReference extends JsonView {
  VconReference(ObjectNode json) {
    super(json);
  }

  public Optional<String> uuid() {
    return text("uuid");
  }

  /** The kind of redaction ({@code redacted} only). */
  public Optional<String> type() {
    return text("type");
  }

  public Optional<String> url() {
    return text("url");
  }

  public List<String> contentHashes() {
    return textList("content_hash");
  }
}
