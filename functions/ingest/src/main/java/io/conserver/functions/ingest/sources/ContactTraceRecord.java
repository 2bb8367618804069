package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.storage.BlobKeys;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Amazon Connect contact trace record (the published CTR JSON, as Kinesis/Firehose deliver it)
 * becomes a vCon: the customer, the agent and the system endpoint as parties; for a voice contact
 * with a recording, one recording dialog. The recording ({@code Recording.Location}, {@code
 * bucket/key}) is imported into content-addressed media when its key is in the tenant's bucket;
 * otherwise the dialog has no content yet and a {@code pending_media} attachment keeps the
 * location. The CTR's identifiers and routing facts (never {@code Attributes}, which contact flows
 * fill with anything, personal data included) are kept in a {@code contact_center_record}
 * attachment.
 */
public final class ContactTraceRecord implements SourceFormat {
  public static final ContactTraceRecord FORMAT = new ContactTraceRecord();

  /** Members of the CTR copied to the attachment: identifiers and routing, nothing personal. */
  private static final List<String> KEPT =
      List.of(
          "ContactId",
          "InitialContactId",
          "PreviousContactId",
          "NextContactId",
          "InstanceARN",
          "AWSAccountId",
          "Channel",
          "InitiationMethod",
          "InitiationTimestamp",
          "DisconnectTimestamp",
          "TransferCompletedTimestamp",
          "DisconnectReason",
          "AgentConnectionAttempts");

  private ContactTraceRecord() {}

  /** Whether a JSON document is a CTR: a contact id, how it started, and its channel. */
  public static boolean recognisesRecord(JsonNode json) {
    return json.isObject()
        && json.has("ContactId")
        && json.has("InitiationMethod")
        && json.has("Channel");
  }

  @Override
  public String name() {
    return "amazon-connect-ctr";
  }

  @Override
  public boolean recognises(JsonNode document) {
    return recognisesRecord(document);
  }

  @Override
  public Vcon convert(JsonNode ctr, SourceContext context) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    Fields f = new Fields(problems);
    String contactId = f.required(ctr, "ContactId", "/ContactId");
    String channel = f.required(ctr, "Channel", "/Channel");
    OffsetDateTime start = f.requiredTime(ctr, "InitiationTimestamp", "/InitiationTimestamp");
    Optional<OffsetDateTime> end = f.time(ctr, "DisconnectTimestamp", "/DisconnectTimestamp");
    JsonNode agent = ctr.path("Agent");
    Optional<OffsetDateTime> connected =
        agent.isObject()
            ? f.time(agent, "ConnectedToAgentTimestamp", "/Agent/ConnectedToAgentTimestamp")
            : Optional.empty();
    for (String member : List.of("CustomerEndpoint", "SystemEndpoint", "Agent", "Queue")) {
      JsonNode value = ctr.get(member);
      if (value != null && !value.isNull() && !value.isObject()) {
        problems.add("/" + member + ": must be an object or null");
      }
    }
    Optional<String> location = recordingLocation(ctr, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(
          "Amazon Connect contact trace record is invalid: " + problems.get(0), problems);
    }

    Vcon.Builder vcon =
        Vcon.builder(context.id(), context.uploaded())
            .subject("Amazon Connect " + channel.toLowerCase(Locale.ROOT) + " contact");
    List<Integer> everyone = new ArrayList<>();
    endpoint(ctr.path("CustomerEndpoint"), "customer").ifPresent(p -> add(vcon, everyone, p));
    if (agent.isObject()) {
      Party.Builder a = Party.builder().type("agent").set("role", "agent");
      Fields.text(agent, "Username").ifPresent(a::name);
      add(vcon, everyone, a.build());
    }
    endpoint(ctr.path("SystemEndpoint"), "system").ifPresent(p -> add(vcon, everyone, p));

    OffsetDateTime recordingStart = connected.orElse(start);
    boolean voice = channel.equals("VOICE");
    Optional<Integer> dialog = Optional.empty();
    if (voice && location.isPresent()) {
      Dialog.Builder recording =
          Dialog.builder("recording")
              .start(recordingStart)
              .parties(everyone.toArray(Integer[]::new))
              .mediatype(mediatypeOf(location.get()))
              .set("interaction_id", contactId)
              .set("interaction_type", "voice");
      end.ifPresent(
          e -> recording.duration(Duration.between(recordingStart, e).toMillis() / 1000.0));
      Optional<String> key = keyInTenantBucket(location.get(), context);
      if (key.isPresent()) {
        MediaRef media = context.input().media().importObject(key.get(), mediatypeOf(key.get()));
        recording.filename(fileName(key.get())).external(media.url(), media.contentHash());
      }
      vcon.addDialog(recording.build());
      dialog = Optional.of(0);
      if (key.isEmpty()) {
        vcon.addAttachment(
            PendingMedia.of(0, name(), "location", location.get(), context.uploaded()));
      }
    }
    if (!everyone.isEmpty() || dialog.isPresent()) {
      vcon.addExtension("CC"); // party role, dialog interaction_id/interaction_type
    }
    vcon.addAttachment(record(ctr, location, dialog, start, everyone.isEmpty()));
    return vcon.build();
  }

  private static void add(Vcon.Builder vcon, List<Integer> everyone, Party party) {
    vcon.addParty(party);
    everyone.add(everyone.size());
  }

  /** A CTR endpoint: {@code {"Address": "+1...", "Type": "TELEPHONE_NUMBER"}}. */
  private static Optional<Party> endpoint(JsonNode endpoint, String role) {
    Optional<String> address = Fields.text(endpoint, "Address");
    if (address.isEmpty()) {
      return Optional.empty();
    }
    Party.Builder party = Party.builder().type(role).set("role", role);
    String type = endpoint.path("Type").asText("");
    if (type.equals("TELEPHONE_NUMBER")) {
      party.tel(address.get());
    } else if (type.equals("EMAIL") || type.equals("EMAIL_ADDRESS")) {
      party.mailto(address.get());
    } else {
      // CONTACT_FLOW, AGENT... name an AWS resource, not a way to reach someone.
      party.name(address.get());
    }
    return Optional.of(party.build());
  }

  /** {@code Recording.Location}, else the first audio entry of {@code Recordings[]}. */
  private static Optional<String> recordingLocation(JsonNode ctr, List<String> problems) {
    JsonNode recording = ctr.path("Recording");
    if (recording.isObject() && Fields.text(recording, "Location").isPresent()) {
      return checked(Fields.text(recording, "Location").get(), "/Recording/Location", problems);
    }
    JsonNode recordings = ctr.path("Recordings");
    if (!recordings.isMissingNode() && !recordings.isNull() && !recordings.isArray()) {
      problems.add("/Recordings: must be an array");
      return Optional.empty();
    }
    for (int i = 0; i < recordings.size(); i++) {
      JsonNode r = recordings.get(i);
      if (r.path("MediaStreamType").asText("AUDIO").equals("AUDIO")
          && Fields.text(r, "Location").isPresent()) {
        return checked(
            Fields.text(r, "Location").get(), "/Recordings/" + i + "/Location", problems);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checked(String location, String pointer, List<String> problems) {
    int slash = location.indexOf('/');
    if (slash <= 0 || slash == location.length() - 1) {
      problems.add(pointer + ": must be bucket/key");
      return Optional.empty();
    }
    return Optional.of(location);
  }

  /**
   * The recording's key when the tenant's bucket holds it (Connect writes to its own bucket; a
   * tenant that replicates it into the inbox bucket, same key, gets its media imported).
   */
  private static Optional<String> keyInTenantBucket(String location, SourceContext context) {
    String key = location.substring(location.indexOf('/') + 1);
    if (context.input() == null || !BlobKeys.isValid(key)) {
      return Optional.empty();
    }
    return context.input().head(key).map(m -> key);
  }

  private static String mediatypeOf(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.endsWith(".mp3") ? "audio/x-mp3" : "audio/x-wav";
  }

  private static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  private Attachment record(
      JsonNode ctr,
      Optional<String> location,
      Optional<Integer> dialog,
      OffsetDateTime start,
      boolean noParties) {
    ObjectNode kept = JsonNodeFactory.instance.objectNode();
    kept.put("format", name());
    for (String member : KEPT) {
      if (ctr.has(member) && !ctr.get(member).isNull()) {
        kept.set(member, ctr.get(member));
      }
    }
    JsonNode queue = ctr.path("Queue");
    if (queue.isObject()) {
      ObjectNode q = kept.putObject("Queue");
      for (String member : List.of("Name", "ARN", "EnqueueTimestamp", "DequeueTimestamp")) {
        Fields.text(queue, member).ifPresent(v -> q.put(member, v));
      }
    }
    JsonNode agent = ctr.path("Agent");
    if (agent.isObject()) {
      Fields.text(agent, "ARN").ifPresent(arn -> kept.putObject("Agent").put("ARN", arn));
    }
    location.ifPresent(l -> kept.put("RecordingLocation", l));
    Attachment.Builder a =
        Attachment.builder("contact_center_record").start(start).inlineJson(kept);
    dialog.ifPresent(a::dialog);
    if (!noParties) {
      a.party(0);
    }
    return a.build();
  }
}
