package io.conserver.vcon.validation;

import io.conserver.vcon.validation.Checker.Target;

/** Attachment Object (draft section "Attachment Object"). */
final class AttachmentRules {
  private AttachmentRules() {}

  static void check(Checker c, ObjectAt attachment) {
    c.string(attachment, "purpose");
    if (attachment.has("type") && !attachment.has("purpose")) {
      // Earlier drafts left "type or purpose" open; implementations still write "type". The draft
      // never registered it, and extensions may add members anywhere, so this is only a hint.
      c.warning(
          attachment.at("type"),
          "legacy",
          "attachment `type` is not a core member; the draft describes an attachment with `purpose`");
    }
    // start, party and dialog are required by the draft, but many producers attach files that
    // belong to no dialog; LENIENT mode lets them in with a warning.
    requiredInStrictMode(c, attachment, "start");
    c.dateTime(attachment, "start");
    requiredInStrictMode(c, attachment, "party");
    ReferenceRules.index(c, attachment, "party", Target.PARTIES);
    requiredInStrictMode(c, attachment, "dialog");
    ReferenceRules.index(c, attachment, "dialog", Target.DIALOG);
    ContentRules.check(c, attachment);
  }

  private static void requiredInStrictMode(Checker c, ObjectAt attachment, String name) {
    if (!attachment.has(name)) {
      c.strictError(attachment.at(name), "required", "`" + name + "` is required");
    }
  }
}
