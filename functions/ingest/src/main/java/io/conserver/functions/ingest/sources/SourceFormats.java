package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The source records ingest recognises, in JSON and in text (e-mail, SIPREC XML, a form-encoded
 * Twilio callback). Shared by the ingest stage and the CLI, so a file the CLI accepts is one the
 * stage can convert.
 */
public final class SourceFormats {
  public static final List<SourceFormat> JSON =
      List.of(
          ContactTraceRecord.FORMAT,
          GenesysConversation.FORMAT,
          TwilioRecording.FORMAT,
          ZoomRecording.FORMAT,
          TeamsRecording.FORMAT);

  private SourceFormats() {}

  /** How many leading bytes {@link #textKind} needs. */
  public static final int TEXT_HEAD_BYTES = 4096;

  public static Optional<SourceFormat> recognise(JsonNode document) {
    return JSON.stream().filter(f -> f.recognises(document)).findFirst();
  }

  /** The text format the first bytes are, if any: "e-mail", "SIPREC metadata", "Twilio form". */
  public static Optional<String> textKind(byte[] head) {
    if (EmailThread.recognises(head)) {
      return Optional.of("e-mail");
    }
    if (SiprecMetadata.recognises(head)) {
      return Optional.of("SIPREC metadata");
    }
    if (TwilioRecording.recognisesForm(head)) {
      return Optional.of("Twilio recording callback (form)");
    }
    return Optional.empty();
  }

  /** Converts a text-format drop; empty when its first bytes are none of the text formats. */
  public static Optional<Vcon> convertText(byte[] head, SourceContext context)
      throws InvalidInputException {
    Optional<String> kind = textKind(head);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    byte[] content = context.input().content();
    return Optional.of(
        switch (kind.get()) {
          case "e-mail" -> EmailThread.convert(content, context);
          case "SIPREC metadata" -> SiprecMetadata.convert(content, context);
          default ->
              TwilioRecording.FORMAT.convert(
                  TwilioRecording.fromForm(new String(content, StandardCharsets.US_ASCII)),
                  context);
        });
  }

  /** The record behind a text drop that names media to fetch (a form-encoded Twilio callback). */
  public static Optional<JsonNode> textRecord(byte[] head, byte[] content)
      throws InvalidInputException {
    return TwilioRecording.recognisesForm(head)
        ? Optional.of(TwilioRecording.fromForm(new String(content, StandardCharsets.US_ASCII)))
        : Optional.empty();
  }

  /**
   * The first byte of the document that is not whitespace ({@code '{'} for a JSON object), or -1
   * when the head holds only whitespace.
   */
  public static int firstSignificantByte(byte[] head) {
    for (byte b : head) {
      if (!Character.isWhitespace(b)) {
        return b;
      }
    }
    return -1;
  }
}
