package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.vcon.Vcon;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code scrub} policy for one vCon: a redacted copy ({@link Vcon#redactedCopy}, type {@value
 * #REDACTION_TYPE}) without the party. The party's entry becomes an empty placeholder (indexes in
 * dialogs stay valid); the content of every dialog the party wrote or spoke in (text it originated,
 * any recording it is on: audio cannot be cut per speaker here) goes, with the analysis derived
 * from those dialogs and the attachments tied to the party; finally any remaining text that names
 * the party (another party reading the number aloud, say) is replaced by {@value #MASK}. What stays
 * is the other parties' own data.
 */
final class Scrubber {
  static final String REDACTION_TYPE = "erase-scrub";
  static final String MASK = "[erased]";
  private static final List<String> CONTENT =
      List.of("body", "url", "content_hash", "encoding", "filename", "alg", "signature");
  private static final Set<String> UNMASKED = Set.of("uuid", "redacted", "amended", "vcon");

  private final String normalised;
  private final ResidueMatcher matcher;
  private final Clock clock;

  Scrubber(String normalised, ResidueMatcher matcher, Clock clock) {
    this.normalised = normalised;
    this.matcher = matcher;
    this.clock = clock;
  }

  /** The scrubbed copy, or empty when the vCon holds no trace of the party (already scrubbed). */
  Optional<Vcon> scrub(Vcon vcon) {
    Set<Integer> erased = new HashSet<>();
    for (int i = 0; i < vcon.parties().size(); i++) {
      if (PartyIdentifiers.of(vcon.parties().get(i)).contains(normalised)) {
        erased.add(i);
      }
    }
    if (erased.isEmpty() && !matcher.matches(vcon.toJson().toString())) {
      return Optional.empty();
    }
    ObjectNode copy = vcon.redactedCopy(REDACTION_TYPE, clock).build().toJson().deepCopy();
    ArrayNode parties = (ArrayNode) copy.get("parties");
    erased.forEach(i -> parties.set(i, JsonNodeFactory.instance.objectNode()));

    Set<Integer> emptied = new HashSet<>();
    JsonNode dialogs = copy.path("dialog");
    for (int i = 0; i < dialogs.size(); i++) {
      JsonNode dialog = dialogs.get(i);
      if (spokenOrWrittenBy(dialog, erased)) {
        CONTENT.forEach(((ObjectNode) dialog)::remove);
        emptied.add(i);
      }
    }
    for (JsonNode analysis : copy.path("analysis")) {
      if (refersTo(analysis.path("dialog"), emptied)) {
        CONTENT.forEach(((ObjectNode) analysis)::remove);
      }
    }
    for (JsonNode attachment : copy.path("attachments")) {
      if (attachment.path("party").isInt()
          && erased.contains(attachment.path("party").intValue())) {
        CONTENT.forEach(((ObjectNode) attachment)::remove);
      }
    }
    mask(copy);
    return Optional.of(Vcon.of(copy));
  }

  private static boolean spokenOrWrittenBy(JsonNode dialog, Set<Integer> erased) {
    if (erased.isEmpty()) {
      return false;
    }
    JsonNode originator = dialog.path("originator");
    if (originator.isInt() && erased.contains(originator.intValue())) {
      return true;
    }
    String type = dialog.path("type").asText("");
    boolean recorded = type.equals("recording") || type.equals("video");
    Set<Integer> parties = new HashSet<>();
    collectInts(dialog.path("parties"), parties);
    if (recorded && parties.stream().anyMatch(erased::contains)) {
      return true;
    }
    return !parties.isEmpty() && erased.containsAll(parties);
  }

  private static boolean refersTo(JsonNode dialogRef, Set<Integer> emptied) {
    Set<Integer> refs = new HashSet<>();
    collectInts(dialogRef, refs);
    return refs.stream().anyMatch(emptied::contains);
  }

  private static void collectInts(JsonNode node, Set<Integer> into) {
    if (node.isInt()) {
      into.add(node.intValue());
    } else if (node.isArray()) {
      node.forEach(n -> collectInts(n, into));
    }
  }

  /** Replaces every string value that still names the party (never uuids or links). */
  private void mask(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> member : object.properties()) {
        if (UNMASKED.contains(member.getKey())) {
          continue;
        }
        if (member.getValue().isTextual() && matcher.matches(member.getValue().textValue())) {
          member.setValue(TextNode.valueOf(MASK));
        } else {
          mask(member.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual() && matcher.matches(array.get(i).textValue())) {
          array.set(i, TextNode.valueOf(MASK));
        } else {
          mask(array.get(i));
        }
      }
    }
  }
}
