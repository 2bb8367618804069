package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Erase request state, {@code requests/erase/<request id>.json}: the plan and which steps are done,
 * so a request interrupted by a crash finishes on the next run. A request id is {@code er-<UTC
 * time>-<8 hex>}, made when the request starts and printed to the caller.
 */
public final class EraseRequests {
  public static final String STATE_PREFIX = "requests/erase/";
  public static final String RECEIPT_PREFIX = "receipts/erase/";

  /**
   * Status of a request whose local erase is done and whose cloud copies' erase was requested but
   * not answered yet: unfinished (a run reads the answers), but a new erase of the same party plans
   * afresh instead of continuing it.
   */
  public static final String AWAITING_CLOUD = "awaiting-cloud";

  /** Status of a request whose cloud copies' erase could not be requested yet (store down). */
  public static final String PENDING_CLOUD = "pending-cloud";

  static final long MAX_STATE_BYTES = 64L * 1024 * 1024;
  private static final Pattern ID =
      Pattern.compile("er-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}(-[0-9]{1,4})?");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final BlobStore store;

  public EraseRequests(BlobStore store) {
    this.store = store;
  }

  public static String stateKey(String requestId) {
    return STATE_PREFIX + checked(requestId) + ".json";
  }

  public static String receiptKey(String requestId) {
    return RECEIPT_PREFIX + checked(requestId) + ".jws";
  }

  public static boolean isRequestId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  static String checked(String requestId) {
    if (!isRequestId(requestId)) {
      throw new IllegalArgumentException(
          "not an erase request id (er-YYYYMMDDTHHMMSSZ-xxxxxxxx, as `erase` printed it)");
    }
    return requestId;
  }

  /** Writes the first state of a new request under a fresh id; returns the id. */
  String create(Instant at, String partyHmac, ObjectNode state) {
    String base = "er-" + STAMP.format(at) + "-" + partyHmac.substring(0, 8);
    for (int n = 0; ; n++) {
      String id = n == 0 ? base : base + "-" + n;
      state.put("request", id);
      if (store
          .putBytesIfAbsent(stateKey(id), VconJson.codec().write(state), PutOptions.JSON)
          .isPresent()) {
        return id;
      }
    }
  }

  void save(ObjectNode state) {
    store.putBytes(
        stateKey(state.path("request").asText()), VconJson.codec().write(state), PutOptions.JSON);
  }

  public Optional<ObjectNode> load(String requestId) {
    String key = stateKey(requestId);
    if (store.head(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((ObjectNode) VconJson.codec().read(store.getBytes(key, MAX_STATE_BYTES)));
  }

  /** Every request not done yet (oldest first): what a restart resumes. */
  public List<String> unfinished() {
    List<String> ids = new ArrayList<>();
    for (BlobMetadata object : store.list(STATE_PREFIX)) {
      String name = object.key().substring(STATE_PREFIX.length());
      if (!name.endsWith(".json")) {
        continue;
      }
      String id = name.substring(0, name.length() - ".json".length());
      JsonNode state = VconJson.codec().read(store.getBytes(object.key(), MAX_STATE_BYTES));
      if (isRequestId(id) && !"done".equals(state.path("status").asText())) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** The unfinished request for this party and policy, if one exists (a rerun continues it). */
  Optional<String> unfinishedFor(String partyHmac, ErasePolicy policy) {
    for (String id : unfinished()) {
      Optional<ObjectNode> state = load(id);
      if (state.isPresent()
          && !AWAITING_CLOUD.equals(state.get().path("status").asText())
          && partyHmac.equals(state.get().path("party_hmac").asText())
          && policy.label().equals(state.get().path("policy").asText())) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /** The request (finished or not) started for an origin, e.g. a hand-off request's key. */
  Optional<String> byOrigin(String origin) {
    for (BlobMetadata object : store.list(STATE_PREFIX)) {
      JsonNode state = VconJson.codec().read(store.getBytes(object.key(), MAX_STATE_BYTES));
      if (origin.equals(state.path("origin").asText())) {
        return Optional.of(state.path("request").asText());
      }
    }
    return Optional.empty();
  }

  /** The signed receipt of a finished request (compact JWS). */
  public Optional<String> receipt(String requestId) {
    String key = receiptKey(requestId);
    if (store.head(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new String(
            store.getBytes(key, MAX_STATE_BYTES), java.nio.charset.StandardCharsets.US_ASCII));
  }
}
