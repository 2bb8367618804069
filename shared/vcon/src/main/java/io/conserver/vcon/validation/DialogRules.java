package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.validation.Checker.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Dialog Object (draft section "Dialog Object"), including transfer and recording-set members. */
final class DialogRules {
  static final Set<String> TYPES =
      Set.of("recording", "recording-set", "text", "transfer", "incomplete");

  static final Set<String> DISPOSITIONS =
      Set.of("no-answer", "congestion", "failed", "busy", "hung-up", "voicemail-no-message");

  static final Set<String> EVENTS =
      Set.of("join", "drop", "hold", "unhold", "mute", "unmute", "keydown", "keyup");

  /** Types that only describe other dialogs or a failed attempt, so they carry no file. */
  private static final Set<String> WITHOUT_CONTENT =
      Set.of("incomplete", "transfer", "recording-set");

  private static final List<String> CONTENT = List.of("body", "encoding", "url", "content_hash");

  private static final List<String> TRANSFER_PARTIES =
      List.of("transferee", "transferor", "transfer_target");

  private static final List<String> TRANSFER_DIALOGS =
      List.of("original", "consultation", "target_dialog");

  private DialogRules() {}

  static void check(Checker c, ObjectAt dialog) {
    String type = type(c, dialog);
    c.requiredDateTime(dialog, "start");
    duration(c, dialog);
    participants(c, dialog, type);
    content(c, dialog, type);
    disposition(c, dialog, type);
    recordings(c, dialog, type);
    recordingSet(c, dialog, type);
    transfer(c, dialog, type);
    SessionIdRules.check(c, dialog);
    c.eachObject(dialog, "party_history", event -> partyHistory(c, event));
    c.string(dialog, "application");
    c.string(dialog, "message_id");
    // 0.0.2 names.
    c.legacy(dialog, "transfer-target", "`transfer_target`");
    c.legacy(dialog, "target-dialog", "`target_dialog`");
  }

  /** The dialog type when it is one the draft defines, else null (type-specific rules skipped). */
  private static String type(Checker c, ObjectAt dialog) {
    String type = c.requiredString(dialog, "type");
    if (type != null && !TYPES.contains(type)) {
      c.error(
          dialog.at("type"),
          "enum",
          "dialog `type` must be recording, recording-set, text, transfer or incomplete");
      return null;
    }
    return type;
  }

  private static void duration(Checker c, ObjectAt dialog) {
    JsonNode duration = dialog.get("duration");
    if (duration == null) {
      return;
    }
    if (!duration.isNumber()) {
      c.wrongType(dialog.at("duration"), "a number of seconds", duration);
    } else if (duration.decimalValue().signum() < 0) {
      c.error(dialog.at("duration"), "range", "`duration` must not be negative");
    }
  }

  private static void participants(Checker c, ObjectAt dialog, String type) {
    if ("transfer".equals(type)) {
      // A transfer names its parties by role (transferee, transferor, transfer_target).
      notAllowed(c, dialog, type, "parties", "originator");
      return;
    }
    JsonNode parties = dialog.get("parties");
    if (parties != null) {
      parties(c, parties, dialog.at("parties"));
    }
    ReferenceRules.index(c, dialog, "originator", Target.PARTIES);
  }

  /**
   * {@code UnsignedInt | UnsignedInt[] | (UnsignedInt | UnsignedInt[])[]}: one entry per channel of
   * a multi-channel recording, each a party or the parties mixed into it; null marks an unused
   * channel.
   */
  private static void parties(Checker c, JsonNode parties, Pointer at) {
    if (parties.isNumber()) {
      ReferenceRules.index(c, parties, at, Target.PARTIES);
      return;
    }
    if (!parties.isArray()) {
      c.wrongType(at, "a party index or an array of them", parties);
      return;
    }
    for (int i = 0; i < parties.size(); i++) {
      JsonNode channel = parties.get(i);
      if (channel.isNull()) {
        continue;
      }
      if (!channel.isArray()) {
        ReferenceRules.index(c, channel, at.index(i), Target.PARTIES);
        continue;
      }
      for (int j = 0; j < channel.size(); j++) {
        ReferenceRules.index(c, channel.get(j), at.index(i).index(j), Target.PARTIES);
      }
    }
  }

  private static void content(Checker c, ObjectAt dialog, String type) {
    if (type == null || !WITHOUT_CONTENT.contains(type)) {
      ContentRules.check(c, dialog);
      return;
    }
    List<String> present = new ArrayList<>();
    for (String name : CONTENT) {
      if (dialog.has(name)) {
        present.add(name);
      }
    }
    if (!present.isEmpty()) {
      c.error(
          dialog.at(),
          "not-allowed",
          article(type) + " dialog must not have content (" + String.join(", ", present) + ")");
    }
    if ("transfer".equals(type)) {
      notAllowed(c, dialog, type, "mediatype", "filename");
    } else {
      ContentRules.description(c, dialog);
    }
  }

  private static void disposition(Checker c, ObjectAt dialog, String type) {
    if ("incomplete".equals(type) && !dialog.has("disposition")) {
      c.error(
          dialog.at("disposition"),
          "required",
          "an incomplete dialog needs a `disposition` saying why it failed");
      return;
    }
    String disposition = c.string(dialog, "disposition");
    if (disposition == null) {
      return;
    }
    if (!DISPOSITIONS.contains(disposition)) {
      c.error(
          dialog.at("disposition"),
          "enum",
          "`disposition` must be no-answer, congestion, failed, busy, hung-up or"
              + " voicemail-no-message");
    } else if (type != null && !type.equals("incomplete")) {
      c.warning(
          dialog.at("disposition"),
          "not-allowed",
          "`disposition` should only be present on an incomplete dialog");
    }
  }

  /** A recording-set lists its recordings; nothing else may. */
  private static void recordings(Checker c, ObjectAt dialog, String type) {
    if (type != null && !type.equals("recording-set")) {
      notAllowed(c, dialog, type, "recordings");
      return;
    }
    JsonNode recordings = dialog.get("recordings");
    Pointer at = dialog.at("recordings");
    if (recordings == null) {
      if (type != null) {
        c.error(at, "required", "a recording-set dialog must list its `recordings`");
      }
    } else if (!recordings.isArray()) {
      c.wrongType(at, "an array of dialog indices", recordings);
    } else {
      for (int i = 0; i < recordings.size(); i++) {
        int index = ReferenceRules.index(c, recordings.get(i), at.index(i), Target.DIALOG);
        pointsTo(c, index, at.index(i), "recording");
      }
    }
  }

  /** A recording may name the recording-set it belongs to; nothing else may. */
  private static void recordingSet(Checker c, ObjectAt dialog, String type) {
    if (type != null && !type.equals("recording")) {
      notAllowed(c, dialog, type, "recording_set");
      return;
    }
    JsonNode set = dialog.get("recording_set");
    if (set != null) {
      Pointer at = dialog.at("recording_set");
      pointsTo(c, ReferenceRules.index(c, set, at, Target.DIALOG), at, "recording-set");
    }
  }

  /** A reference to a dialog must reach a dialog of the expected type (or an empty placeholder). */
  private static void pointsTo(Checker c, int index, Pointer at, String expectedType) {
    if (index < 0) {
      return;
    }
    String actual = c.dialogType(index);
    if (actual != null && !actual.equals(expectedType)) {
      c.error(at, "ref.dialog-type", "must refer to a " + expectedType + " dialog");
    }
  }

  private static void transfer(Checker c, ObjectAt dialog, String type) {
    if (type != null && !type.equals("transfer")) {
      notAllowed(c, dialog, type, TRANSFER_PARTIES.toArray(String[]::new));
      notAllowed(c, dialog, type, TRANSFER_DIALOGS.toArray(String[]::new));
      return;
    }
    ReferenceRules.index(c, dialog, "transferee", Target.PARTIES);
    ReferenceRules.index(c, dialog, "transferor", Target.PARTIES);
    ReferenceRules.indexOrIndices(c, dialog, "transfer_target", Target.PARTIES);
    for (String name : TRANSFER_DIALOGS) {
      ReferenceRules.indexOrIndices(c, dialog, name, Target.DIALOG);
    }
  }

  private static void partyHistory(Checker c, ObjectAt event) {
    if (event.has("party")) {
      ReferenceRules.index(c, event, "party", Target.PARTIES);
    } else {
      c.missing(event, "party");
    }
    c.requiredDateTime(event, "time");
    String name = c.requiredString(event, "event");
    if (name != null && !EVENTS.contains(name)) {
      c.error(
          event.at("event"),
          "enum",
          "`event` must be join, drop, hold, unhold, mute, unmute, keydown or keyup");
    }
    if (("keydown".equals(name) || "keyup".equals(name)) && !event.has("button")) {
      c.missing(event, "button");
    }
    c.string(event, "button");
  }

  private static void notAllowed(Checker c, ObjectAt dialog, String type, String... names) {
    for (String name : names) {
      if (dialog.has(name)) {
        c.error(
            dialog.at(name),
            "not-allowed",
            "`" + name + "` is not allowed in a " + type + " dialog");
      }
    }
  }

  private static String article(String type) {
    return (type.startsWith("i") ? "an " : "a ") + type;
  }
}
