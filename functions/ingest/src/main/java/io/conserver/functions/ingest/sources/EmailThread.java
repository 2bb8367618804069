package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An e-mail message (.eml, RFC 5322) or a thread of them (mbox: messages separated by {@code "From
 * "} lines) becomes a vCon with one text dialog per message: its parties From first, then To and
 * Cc; {@code message_id}; the text/plain body. The subject is the first message's, without {@code
 * Re:}/{@code Fwd:}.
 */
public final class EmailThread {
  private static final Set<String> RECOGNISED = Set.of("from", "date", "message-id", "subject");

  private EmailThread() {}

  /**
   * Whether the first bytes are a message's header block (or an mbox's first message): at least
   * three of From, Date, Message-ID, Subject before the first blank line, every line a header.
   */
  public static boolean recognises(byte[] head) {
    String text = new String(head, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    if (text.startsWith("From ")) {
      text = text.substring(text.indexOf('\n') + 1);
    }
    int end = text.indexOf("\n\n");
    String[] lines = (end < 0 ? text : text.substring(0, end)).split("\n");
    int found = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() || line.startsWith(" ") || line.startsWith("\t")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !line.substring(0, colon).matches("[!-9;-~]+")) {
        // The head may cut the last line short; anything else not a header is not an e-mail.
        if (i < lines.length - 1 || end >= 0) {
          return false;
        }
        continue;
      }
      if (RECOGNISED.contains(line.substring(0, colon).toLowerCase(Locale.ROOT))) {
        found++;
      }
    }
    return found >= 3;
  }

  public static Vcon convert(byte[] raw, SourceContext context) throws InvalidInputException {
    List<EmailMessage> messages = new ArrayList<>();
    for (String part : split(new String(raw, StandardCharsets.ISO_8859_1))) {
      messages.add(EmailMessage.parse(part));
    }
    List<String> problems = new ArrayList<>();
    Map<String, Integer> parties = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    List<OffsetDateTime> dates = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      EmailMessage m = messages.get(i);
      String from = m.header("from").orElse("");
      if (EmailMessage.addresses(from).isEmpty()) {
        problems.add("/messages/" + i + "/headers/From: required, an address");
      }
      dates.add(date(m, i, problems));
      for (String header : List.of("from", "to", "cc")) {
        String value = m.header(header).orElse("");
        for (String address : EmailMessage.addresses(value)) {
          parties.putIfAbsent(address, parties.size());
          EmailMessage.displayName(value, address).ifPresent(n -> names.putIfAbsent(address, n));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("e-mail is invalid: " + problems.get(0), problems);
    }
    String subject =
        messages.get(0).header("subject").orElse("E-mail").replaceAll("(?i)^((re|fwd?):\\s*)+", "");
    Vcon.Builder vcon = Vcon.builder(context.id(), context.uploaded()).subject(subject);
    parties.forEach(
        (address, index) -> {
          Party.Builder party = Party.builder().mailto(address);
          Optional.ofNullable(names.get(address)).ifPresent(party::name);
          vcon.addParty(party.build());
        });
    for (int i = 0; i < messages.size(); i++) {
      EmailMessage m = messages.get(i);
      List<Integer> order = new ArrayList<>();
      for (String header : List.of("from", "to", "cc")) {
        for (String address : EmailMessage.addresses(m.header(header).orElse(""))) {
          if (!order.contains(parties.get(address))) {
            order.add(parties.get(address));
          }
        }
      }
      Dialog.Builder dialog =
          Dialog.builder("text")
              .start(dates.get(i))
              .parties(order.toArray(Integer[]::new))
              .originator(order.get(0))
              .mediatype("text/plain")
              .inlineText(m.body());
      m.header("message-id").ifPresent(id -> dialog.set("message_id", id));
      vcon.addDialog(dialog.build());
    }
    ObjectNode source = JsonNodeFactory.instance.objectNode();
    source.put("format", "email");
    source.put("messages", messages.size());
    messages.get(0).header("message-id").ifPresent(id -> source.put("first_message_id", id));
    vcon.addAttachment(
        Attachment.builder("source")
            .start(dates.get(0))
            .party(0)
            .dialog(0)
            .inlineJson(source)
            .build());
    return vcon.build();
  }

  /** Messages of an mbox ("From " lines start each), or the one message of an .eml. */
  private static List<String> split(String text) {
    String normalised = text.replace("\r\n", "\n");
    if (!normalised.startsWith("From ")) {
      return List.of(normalised);
    }
    List<String> messages = new ArrayList<>();
    for (String chunk : normalised.split("(?m)^From .*\n")) {
      if (!chunk.isBlank()) {
        // mbox escapes body lines starting with "From " as ">From ".
        messages.add(chunk.replaceAll("(?m)^>(>*From )", "$1"));
      }
    }
    return messages;
  }

  private static OffsetDateTime date(EmailMessage m, int i, List<String> problems) {
    Optional<String> value = m.header("date");
    if (value.isEmpty()) {
      problems.add("/messages/" + i + "/headers/Date: required");
      return null;
    }
    // Drop comments such as "(UTC)" and extra spaces, which RFC 5322 allows.
    String date = value.get().replaceAll("\\([^)]*\\)", "").replaceAll("\\s+", " ").strip();
    try {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      problems.add("/messages/" + i + "/headers/Date: must be an RFC 5322 date");
      return null;
    }
  }
}
