package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Twilio recording status callback ({@code RecordingStatus=completed}), with the call resource
 * when the drop has it, becomes a vCon with one recording dialog by reference.
 *
 * <p>The drop is the callback's parameters as a JSON object, or as the form-encoded body Twilio
 * posts; a JSON drop may carry the call resource (REST API JSON: {@code from}, {@code to}, {@code
 * start_time}, {@code duration}, {@code direction}) under {@code "call"}.
 *
 * <p>The recording is not fetched here: Twilio serves it behind the account's credentials, outside
 * the tenant's trust boundary, and its hash is unknown until the bytes are read. The dialog is
 * therefore written without content and a {@code pending_media} attachment keeps {@code
 * RecordingUrl + ".wav"} (Twilio's WAV rendition) for a later fetch through the URL guard.
 */
public final class TwilioRecording implements SourceFormat {
  public static final TwilioRecording FORMAT = new TwilioRecording();

  // Twilio's RecordingStartTime is RFC 2822: "Mon, 24 Nov 2026 10:15:02 +0000".
  private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

  private TwilioRecording() {}

  @Override
  public String name() {
    return "twilio-recording";
  }

  @Override
  public boolean recognises(JsonNode json) {
    return json.isObject()
        && json.has("AccountSid")
        && json.has("CallSid")
        && json.has("RecordingSid");
  }

  /** Whether a text drop is a form-encoded recording callback. */
  public static boolean recognisesForm(byte[] head) {
    String text = new String(head, StandardCharsets.US_ASCII);
    return !text.isEmpty()
        && Character.isLetter(text.charAt(0))
        && text.matches("(?s)[A-Za-z0-9_.%=&+\\-]*")
        && (text.startsWith("AccountSid=") || text.contains("&AccountSid="));
  }

  /** Form-encoded parameters ({@code application/x-www-form-urlencoded}) as a JSON object. */
  public static ObjectNode fromForm(String body) throws InvalidInputException {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    for (String pair : body.strip().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(key, value);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("Twilio callback: a parameter is not form-encoded");
      }
    }
    return params;
  }

  @Override
  public Vcon convert(JsonNode callback, SourceContext context) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Fields f = new Fields(problems);
    f.required(callback, "CallSid", "/CallSid");
    String recordingSid = f.required(callback, "RecordingSid", "/RecordingSid");
    String url = f.required(callback, "RecordingUrl", "/RecordingUrl");
    if (!url.isEmpty() && !url.startsWith("https://")) {
      problems.add("/RecordingUrl: must be an https url");
    }
    String status = Fields.text(callback, "RecordingStatus").orElse("completed");
    if (!status.equals("completed")) {
      problems.add("/RecordingStatus: only a completed recording is ingested");
    }
    Optional<Double> seconds = number(callback, "RecordingDuration", problems);
    Optional<Double> channels = number(callback, "RecordingChannels", problems);
    OffsetDateTime start = startOf(callback, context.uploaded(), problems);
    JsonNode call = callback.path("call");
    if (!call.isMissingNode() && !call.isObject()) {
      problems.add("/call: must be the call resource object");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Twilio recording callback is invalid: " + problems.get(0), problems);
    }

    Vcon.Builder vcon = Vcon.builder(context.id(), context.uploaded()).subject("Twilio call");
    List<Integer> parties = new ArrayList<>();
    // The caller first: for an inbound call that is "from", for an outbound one "to".
    boolean outbound = call.path("direction").asText("inbound").startsWith("outbound");
    for (String member : outbound ? List.of("to", "from") : List.of("from", "to")) {
      Optional<String> number = Fields.text(call, member);
      if (number.isPresent()) {
        Party.Builder party = Party.builder();
        if (number.get().startsWith("+")) {
          party.tel(number.get());
        } else if (number.get().startsWith("sip:")) {
          party.sip(number.get());
        } else {
          party.name(number.get()); // client:alice and the like
        }
        vcon.addParty(party.build());
        parties.add(parties.size());
      }
    }
    Dialog.Builder dialog =
        Dialog.builder("recording")
            .start(start)
            .mediatype("audio/x-wav")
            .filename(recordingSid + ".wav");
    seconds.ifPresent(dialog::duration);
    if (parties.size() == 2 && channels.orElse(1.0) == 2.0) {
      // Dual-channel: the parent call leg (the caller) on channel 1, the other leg on channel 2.
      // Written as [[0],[1]]: Dialog.Builder.channels flattens one-party channels to [0,1],
      // which readers take for one channel mixing both.
      ArrayNode perChannel = JsonNodeFactory.instance.arrayNode();
      perChannel.addArray().add(0);
      perChannel.addArray().add(1);
      dialog.set("parties", perChannel);
    } else if (!parties.isEmpty()) {
      dialog.parties(parties.toArray(Integer[]::new));
    }
    vcon.addDialog(dialog.build());
    vcon.addAttachment(PendingMedia.of(0, name(), "url", url + ".wav", context.uploaded()));
    ObjectNode source = JsonNodeFactory.instance.objectNode();
    source.put("format", name());
    for (String id : List.of("AccountSid", "CallSid", "RecordingSid", "RecordingSource")) {
      Fields.text(callback, id).ifPresent(v -> source.put(id, v));
    }
    Fields.text(call, "direction").ifPresent(d -> source.put("direction", d));
    vcon.addAttachment(
        Attachment.builder("source").start(start).dialog(0).inlineJson(source).build());
    return vcon.build();
  }

  // Twilio sends every parameter as a string; a JSON drop may carry numbers.
  private static Optional<Double> number(JsonNode node, String member, List<String> problems) {
    JsonNode value = node.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    try {
      double d = value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      problems.add("/" + member + ": must be a non-negative number");
      return Optional.empty();
    }
  }

  private static OffsetDateTime startOf(
      JsonNode callback, OffsetDateTime fallback, List<String> problems) {
    Optional<String> text = Fields.text(callback, "RecordingStartTime");
    if (text.isEmpty()) {
      text = Fields.text(callback.path("call"), "start_time");
    }
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return ZonedDateTime.parse(text.get(), RFC_2822).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text.get());
      } catch (DateTimeParseException again) {
        problems.add("/RecordingStartTime: must be an RFC 2822 or ISO-8601 date-time");
        return fallback;
      }
    }
  }
}
