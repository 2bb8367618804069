package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The optional JSON beside a dropped recording ({@code call.json} beside {@code call.wav}):
 *
 * <pre>{@code
 * {"uuid": "...",                        // optional: the conversation id (the HTTP API sets it)
 *  "subject": "...", "start": "2026-11-20T14:00:00Z",
 *  "parties": [{"tel": "+15551230001", "name": "Ann", "type": "customer"}, ...],
 *  "channels": [[0], [1]],              // optional: parties per channel of a stereo recording
 *  "tags": {"queue": "billing", ...}}    // optional: kept as a "tags" attachment
 * }</pre>
 */
public record Sidecar(
    Optional<java.util.UUID> uuid,
    Optional<String> subject,
    Optional<OffsetDateTime> start,
    List<ObjectNode> parties,
    Optional<JsonNode> channels,
    Optional<ObjectNode> tags) {
  public static final Sidecar NONE =
      new Sidecar(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty());

  private static final java.util.Set<String> MEMBERS =
      java.util.Set.of("uuid", "subject", "start", "parties", "channels", "tags");

  /** Whether a JSON drop has a sidecar's shape (and so is no vCon, which would have more). */
  public static boolean looksLike(JsonNode json) {
    if (!json.isObject() || json.isEmpty()) {
      return false;
    }
    for (var names = json.fieldNames(); names.hasNext(); ) {
      if (!MEMBERS.contains(names.next())) {
        return false;
      }
    }
    return true;
  }

  static Sidecar parse(JsonNode json) throws InvalidInputException {
    if (!json.isObject()) {
      throw new InvalidInputException("sidecar must be a JSON object", List.of("(document): type"));
    }
    List<String> problems = new ArrayList<>();
    Optional<OffsetDateTime> start = Optional.empty();
    if (json.has("start")) {
      try {
        start = Optional.of(OffsetDateTime.parse(json.get("start").asText()));
      } catch (DateTimeParseException e) {
        problems.add("/start: must be an RFC 3339 date-time");
      }
    }
    List<ObjectNode> parties = new ArrayList<>();
    JsonNode partyList = json.path("parties");
    if (!partyList.isMissingNode() && !partyList.isArray()) {
      problems.add("/parties: must be an array of party objects");
    }
    for (int i = 0; i < partyList.size(); i++) {
      if (partyList.get(i) instanceof ObjectNode party) {
        parties.add(party);
      } else {
        problems.add("/parties/" + i + ": must be a party object");
      }
    }
    JsonNode channels = json.get("channels");
    if (channels != null && !channels.isArray()) {
      problems.add("/channels: must be an array with the parties of each channel");
    }
    JsonNode tags = json.get("tags");
    if (tags != null && !tags.isObject()) {
      problems.add("/tags: must be an object");
    }
    Optional<java.util.UUID> uuid = Optional.empty();
    JsonNode uuidNode = json.get("uuid");
    if (uuidNode != null) {
      if (io.conserver.vcon.VconUuid.isCanonical(uuidNode.asText(null))) {
        uuid = Optional.of(java.util.UUID.fromString(uuidNode.asText()));
      } else {
        problems.add("/uuid: must be a canonical uuid");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("sidecar is invalid: " + problems.get(0), problems);
    }
    return new Sidecar(
        uuid,
        Optional.ofNullable(json.get("subject")).map(JsonNode::asText),
        start,
        parties,
        Optional.ofNullable(channels),
        Optional.ofNullable((ObjectNode) tags));
  }
}
