package io.conserver.vcon.validation;

/**
 * {@code redacted} and {@code amended}: the link from this vCon instance version to the prior one.
 * A version either removes data (redacted) or adds it (amended), never both.
 */
final class LinkRules {
  private LinkRules() {}

  static void check(Checker c, ObjectAt root) {
    ObjectAt redacted = c.object(root, "redacted");
    if (redacted != null) {
      redacted(c, redacted);
    }
    ObjectAt amended = c.object(root, "amended");
    if (amended != null) {
      reference(c, amended);
    }
    c.legacy(root, "appended", "`amended`");
    ObjectAt appended = c.object(root, "appended");
    if (appended != null) {
      reference(c, appended);
    }
    exclusive(c, root, "amended");
    exclusive(c, root, "appended");
  }

  private static void redacted(Checker c, ObjectAt redacted) {
    if (redacted.isPlaceholder()) {
      // The WG's e-mail examples carry "redacted": {} although nothing was redacted.
      c.strictError(
          redacted.at("type"), "required", "`redacted` needs a `type` saying what was redacted");
      return;
    }
    c.requiredString(redacted, "type");
    reference(c, redacted);
  }

  /** uuid, url and content_hash of the prior version. */
  private static void reference(Checker c, ObjectAt link) {
    c.uuid(link, "uuid");
    ContentRules.external(c, link);
  }

  private static void exclusive(Checker c, ObjectAt root, String name) {
    if (root.has("redacted") && root.has(name)) {
      c.error(
          root.at(name),
          "exclusive",
          "`redacted` and `" + name + "` are mutually exclusive: a version removes or adds data");
    }
  }
}
