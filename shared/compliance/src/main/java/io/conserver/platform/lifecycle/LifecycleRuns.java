package io.conserver.platform.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Expiry run state, {@code requests/expiry/<run id>.json} (the plan and which items are done, so a
 * run a crash interrupted finishes on the next one), and its signed receipt, {@code
 * receipts/expiry/<run id>.jws}. A run id is {@code ex-<UTC time the run decided at>}: the same
 * time twice is the same run, which is what makes a repeated invocation harmless.
 */
public final class LifecycleRuns {
  public static final String STATE_PREFIX = "requests/expiry/";
  public static final String RECEIPT_PREFIX = "receipts/expiry/";
  static final long MAX_STATE_BYTES = 256L * 1024 * 1024;
  private static final Pattern ID = Pattern.compile("ex-[0-9]{8}T[0-9]{6}Z");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final BlobStore store;

  public LifecycleRuns(BlobStore store) {
    this.store = store;
  }

  public static String runId(Instant now) {
    return "ex-" + STAMP.format(now);
  }

  public static boolean isRunId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  public static String stateKey(String runId) {
    return STATE_PREFIX + checked(runId) + ".json";
  }

  public static String receiptKey(String runId) {
    return RECEIPT_PREFIX + checked(runId) + ".jws";
  }

  private static String checked(String runId) {
    if (!isRunId(runId)) {
      throw new IllegalArgumentException("not an expiry run id (ex-YYYYMMDDTHHMMSSZ): " + runId);
    }
    return runId;
  }

  void save(ObjectNode state) {
    store.putBytes(
        stateKey(state.path("run").asText()), VconJson.codec().write(state), PutOptions.JSON);
  }

  public Optional<ObjectNode> load(String runId) {
    String key = stateKey(runId);
    if (store.head(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((ObjectNode) VconJson.codec().read(store.getBytes(key, MAX_STATE_BYTES)));
  }

  /** Runs not done yet, oldest first: what the next run finishes before its own. */
  public List<String> unfinished() {
    List<String> ids = new ArrayList<>();
    for (BlobMetadata object : store.list(STATE_PREFIX)) {
      String name = object.key().substring(STATE_PREFIX.length()).replaceFirst("\\.json$", "");
      if (isRunId(name) && load(name).filter(s -> !isDone(s)).isPresent()) {
        ids.add(name);
      }
    }
    return ids;
  }

  /** Every finished run's id, oldest first. */
  public List<String> receipts() {
    List<String> ids = new ArrayList<>();
    for (BlobMetadata object : store.list(RECEIPT_PREFIX)) {
      String name = object.key().substring(RECEIPT_PREFIX.length()).replaceFirst("\\.jws$", "");
      if (isRunId(name)) {
        ids.add(name);
      }
    }
    return ids;
  }

  public Optional<String> receipt(String runId) {
    String key = receiptKey(runId);
    if (store.head(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String(store.getBytes(key, MAX_STATE_BYTES), StandardCharsets.US_ASCII));
  }

  static boolean isDone(ObjectNode state) {
    return "done".equals(state.path("status").asText());
  }
}
