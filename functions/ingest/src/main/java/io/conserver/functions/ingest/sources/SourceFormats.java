package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The source records ingest recognises in JSON, in the order they are tried. Shared by the ingest
 * stage and the CLI, so a file the CLI accepts is one the stage can convert.
 */
public final class SourceFormats {
  public static final List<SourceFormat> JSON =
      List.of(
          ContactTraceRecord.FORMAT,
          GenesysConversation.FORMAT,
          TwilioRecording.FORMAT,
          ZoomRecording.FORMAT);

  private SourceFormats() {}

  public static Optional<SourceFormat> recognise(JsonNode document) {
    return JSON.stream().filter(f -> f.recognises(document)).findFirst();
  }
}
