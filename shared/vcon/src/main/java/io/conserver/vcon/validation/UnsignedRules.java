package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The unsigned form: the top-level vCon object and, through the other rules, all it contains. */
final class UnsignedRules {
  /** The only value the deprecated {@code vcon} member may have. */
  static final String VERSION = "0.4.0";

  private UnsignedRules() {}

  static void check(Checker c, ObjectNode document) {
    ObjectAt root = new ObjectAt(document, Pointer.ROOT);
    version(c, root);
    if (root.has("uuid")) {
      c.uuid(root, "uuid");
    } else {
      c.missing(root, "uuid");
    }
    if (root.has("created_at")) {
      c.dateTime(root, "created_at");
    } else {
      // The WG's call examples have no created_at.
      c.strictError(root.at("created_at"), "required", "`created_at` is required");
    }
    c.dateTime(root, "updated_at");
    c.string(root, "subject");
    extensions(c, root);
    if (root.has("group")) {
      c.warning(
          root.at("group"), "reserved", "`group` is reserved by the draft and has no meaning yet");
    }
    LinkRules.check(c, root);
    c.eachObject(root, "parties", party -> PartyRules.check(c, party));
    c.eachObject(root, "dialog", dialog -> DialogRules.check(c, dialog));
    c.eachObject(root, "analysis", analysis -> AnalysisRules.check(c, analysis));
    c.eachObject(root, "attachments", attachment -> AttachmentRules.check(c, attachment));
  }

  private static void version(Checker c, ObjectAt root) {
    String version = c.string(root, "vcon");
    if (version == null) {
      return;
    }
    if (version.equals(VERSION)) {
      c.warning(
          root.at("vcon"),
          "deprecated",
          "`vcon` is deprecated; the extension mechanism replaces it");
    } else {
      c.error(
          root.at("vcon"),
          "version",
          "`vcon` must be \"" + VERSION + "\" if present; other syntax versions are not supported");
    }
  }

  /**
   * An implementation that does not support an extension listed in {@code critical} must not
   * process the vCon (draft, "critical"), so an unsupported one is an error in every mode.
   */
  private static void extensions(Checker c, ObjectAt root) {
    c.stringArray(root, "extensions", (name, at) -> {});
    c.stringArray(root, "critical", (name, at) -> supported(c, name, at));
    c.legacy(root, "must_support", "`critical`");
    c.stringArray(root, "must_support", (name, at) -> supported(c, name, at));
  }

  private static void supported(Checker c, String name, Pointer at) {
    if (!c.supportsExtension(name)) {
      c.error(
          at,
          "critical.unsupported",
          "this vCon requires an extension this implementation does not support");
    }
  }
}
