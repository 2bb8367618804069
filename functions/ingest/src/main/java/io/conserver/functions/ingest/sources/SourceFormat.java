package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Vcon;

/**
 * A JSON record of a real system (a contact trace record, a conversation detail, a callback...)
 * that converts to a vCon. Recognised by content only, so formats must not overlap: each one
 * requires members no other format (nor a vCon) has.
 */
public interface SourceFormat {
  /** Short name, used in messages and in the source attachment. */
  String name();

  boolean recognises(JsonNode document);

  Vcon convert(JsonNode document, SourceContext context) throws InvalidInputException;
}
