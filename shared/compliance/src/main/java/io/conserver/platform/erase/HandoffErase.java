package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The erase hand-off between the two halves of a hybrid tenant. The on-premise half sent a redacted
 * copy to {@code inbox/<cloud pipeline>/from-<pipeline>/<uuid>.vcon.json} in the cloud bucket and
 * may not delete there; to erase it, it writes a request for that uuid to {@link #requestKey} and
 * reads the cloud half's answer at {@link #answerKey}, both beside the hand-off in the same shape.
 * The request carries only the redacted uuid, the key of the copy, the hash of what was sent and
 * the on-premise request id: nothing personal.
 */
public final class HandoffErase {
  public static final String REQUEST_PREFIX = "requests/handoff-erase/";
  public static final String ANSWER_PREFIX = "receipts/handoff-erase/";
  static final String REQUEST_TYPE = "conserver-handoff-erase-request/1";
  static final String ANSWER_TYPE = "conserver-handoff-erase-answer/1";
  static final long MAX_BYTES = 1024 * 1024;

  private static final String NAME = "[a-z0-9][a-z0-9-]{0,62}";
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  /** A transfer record of export-to-cloud in a ledger, in the tenant's account or outside it. */
  private static final Pattern TRANSFER =
      Pattern.compile(
          "^(?:sent-to-cloud:|sent-outside:cloud-bucket:)([a-z0-9-]+)://([^/]+)/(inbox/"
              + NAME
              + "/from-"
              + NAME
              + "/"
              + UUID
              + "\\.vcon\\.json):([0-9]+) bytes(?::(sha512-\\S+))?$");

  private static final Pattern HANDED =
      Pattern.compile("inbox/(" + NAME + ")/from-(" + NAME + ")/(" + UUID + ")\\.vcon\\.json");
  private static final Pattern REQUEST =
      Pattern.compile(
          Pattern.quote(REQUEST_PREFIX)
              + "("
              + NAME
              + ")/from-("
              + NAME
              + ")/("
              + UUID
              + ")\\.json");

  private HandoffErase() {}

  /**
   * One copy the on-premise half handed to a cloud bucket, as its ledger recorded it.
   *
   * @param scheme the store adapter ({@code s3})
   * @param bucket the bucket as resolved when it was sent
   * @param key the hand-off key of the copy
   * @param hash the content hash of what was sent, or empty
   */
  public record Copy(String scheme, String bucket, String key, String hash) {
    /** The copy a ledger record names, if it is an export-to-cloud transfer of a vCon. */
    public static Optional<Copy> ofTransferRecord(String record) {
      Matcher m = TRANSFER.matcher(record);
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new Copy(m.group(1), m.group(2), m.group(3), m.group(5) == null ? "" : m.group(5)));
    }

    public String destination() {
      return scheme + "://" + bucket + "/" + key;
    }

    public String uuid() {
      return parts().group(3);
    }

    public String requestKey() {
      Matcher m = parts();
      return HandoffErase.requestKey(m.group(1), m.group(2), m.group(3));
    }

    public String answerKey() {
      Matcher m = parts();
      return HandoffErase.answerKey(m.group(1), m.group(2), m.group(3));
    }

    private Matcher parts() {
      Matcher m = HANDED.matcher(key);
      if (!m.matches()) {
        throw new IllegalStateException("not a hand-off key");
      }
      return m;
    }

    ObjectNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("destination", destination());
      json.put("scheme", scheme);
      json.put("bucket", bucket);
      json.put("key", key);
      json.put("hash", hash);
      return json;
    }

    static Copy of(JsonNode json) {
      return new Copy(
          json.path("scheme").asText(),
          json.path("bucket").asText(),
          json.path("key").asText(),
          json.path("hash").asText());
    }
  }

  /**
   * Where the on-premise half asks for the erase of a copy it handed to {@code cloudPipeline}: the
   * hand-off's own shape under {@link #REQUEST_PREFIX}, so one prefix grant covers one hand-off.
   */
  public static String requestKey(String cloudPipeline, String fromPipeline, String uuid) {
    return REQUEST_PREFIX + cloudPipeline + "/from-" + fromPipeline + "/" + uuid + ".json";
  }

  /** Where the cloud half answers a request: written only by the cloud, readable from premises. */
  public static String answerKey(String cloudPipeline, String fromPipeline, String uuid) {
    return ANSWER_PREFIX + cloudPipeline + "/from-" + fromPipeline + "/" + uuid + ".json";
  }

  /** A request key's parts (cloud pipeline, source pipeline, uuid), if it is one. */
  static Optional<String[]> partsOfRequestKey(String key) {
    Matcher m = REQUEST.matcher(key);
    return m.matches()
        ? Optional.of(new String[] {m.group(1), m.group(2), m.group(3)})
        : Optional.empty();
  }

  /** The request for a copy's erase: its uuid, key and hash, and who asks. */
  static ObjectNode request(Copy copy, String onPremiseRequest, String at) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", REQUEST_TYPE);
    json.put("conversation", copy.uuid());
    json.put("copy", copy.key());
    json.put("hash", copy.hash());
    json.put("requested_by", onPremiseRequest);
    json.put("requested_at", at);
    return json;
  }

  /** The cloud's answer to a request: what its erase found and did, and its signed receipt. */
  static ObjectNode answer(
      JsonNode request, String outcome, String cloudRequest, JsonNode state, String receipt) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", ANSWER_TYPE);
    json.put("conversation", request.path("conversation").asText());
    json.put("requested_by", request.path("requested_by").asText());
    json.put("outcome", outcome);
    json.put("cloud_request", cloudRequest);
    if (state != null) {
      json.put("completed_at", state.path("completed_at").asText());
      json.put("residue_clean", state.path("residue_clean").asBoolean());
    }
    json.put("receipt", receipt);
    return json;
  }

  /** The answer to a request that cannot be carried out (malformed): the reason, nothing done. */
  static ObjectNode refusal(String conversation, String reason) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", ANSWER_TYPE);
    json.put("conversation", conversation);
    json.put("outcome", "refused");
    json.put("reason", reason);
    return json;
  }
}
