package io.conserver.functions.cloudexport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.cloudexport.CloudExportOptions.MediaPolicy;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Vcon;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What of a vCon may leave the premises: only a redacted copy (its {@code redacted} object present,
 * a {@code redaction-report} analysis in it), and of that, no reference to an original recording.
 * Every dialog's {@code url}/{@code body} that is not text is removed, and so is every {@code url}
 * of an attachment or analysis (a reference to something the redact stage did not rewrite), except,
 * when the policy allows it, the recordings the redaction report says were masked (stored by the
 * redact stage in the tenant's media, so never an original).
 *
 * @param vcon the vCon to send
 * @param mediaUrls urls of the masked recordings kept in it (to copy along)
 * @param withheld pointers of what was removed ({@code dialog/0}), for the ledger
 */
record CloudCopy(Vcon vcon, List<String> mediaUrls, List<String> withheld) {
  static final String REPORT_TYPE = "redaction-report";
  private static final List<String> MEDIA_MEMBERS =
      List.of("url", "body", "encoding", "content_hash");

  /**
   * @param ownMedia whether a url names the tenant's own stored media (only that is ever copied)
   */
  static CloudCopy of(Vcon input, MediaPolicy policy, Predicate<String> ownMedia)
      throws InvalidInputException {
    if (input.redacted().isEmpty()) {
      throw new InvalidInputException(
          "not a redacted vCon (no \"redacted\" object): export-to-cloud sends only redacted"
              + " copies, an original never leaves the premises; put a redact stage before it");
    }
    ObjectNode json = input.toJson();
    Set<Integer> masked = maskedRecordings(json);
    List<String> urls = new ArrayList<>();
    List<String> withheld = new ArrayList<>();
    ArrayNode dialogs = array(json, "dialog");
    for (int i = 0; i < dialogs.size(); i++) {
      if (!(dialogs.get(i) instanceof ObjectNode dialog)) {
        continue;
      }
      boolean text = "text".equals(dialog.path("type").asText());
      boolean hasMedia = dialog.has("url") || (!text && dialog.has("body"));
      if (!hasMedia) {
        continue;
      }
      String url = dialog.path("url").asText(null);
      if (policy == MediaPolicy.REDACTED && masked.contains(i) && ownMedia.test(url)) {
        urls.add(url);
      } else if (text) {
        dialog.remove(List.of("url", "content_hash"));
        withheld.add("dialog/" + i);
      } else {
        dialog.remove(MEDIA_MEMBERS);
        withheld.add("dialog/" + i);
      }
    }
    for (String member : List.of("attachments", "analysis")) {
      ArrayNode entries = array(json, member);
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) instanceof ObjectNode entry && entry.has("url")) {
          entry.remove(List.of("url", "content_hash"));
          withheld.add(member + "/" + i);
        }
      }
    }
    return new CloudCopy(Vcon.of(json), List.copyOf(urls), List.copyOf(withheld));
  }

  /** Dialogs whose recording the redact stage rewrote, from its report; none without a report. */
  private static Set<Integer> maskedRecordings(ObjectNode json) throws InvalidInputException {
    ArrayNode analysis = array(json, "analysis");
    for (JsonNode entry : analysis) {
      if (REPORT_TYPE.equals(entry.path("type").asText())) {
        Set<Integer> dialogs = new HashSet<>();
        entry.path("body").path("audio").forEach(a -> dialogs.add(a.path("dialog").asInt(-1)));
        return dialogs;
      }
    }
    throw new InvalidInputException(
        "the vCon says it is redacted but carries no redaction-report analysis: export-to-cloud"
            + " sends only what a redact stage produced");
  }

  private static ArrayNode array(ObjectNode json, String member) {
    return json.path(member) instanceof ArrayNode array ? array : json.arrayNode();
  }
}
