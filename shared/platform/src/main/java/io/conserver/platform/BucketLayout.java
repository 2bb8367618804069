package io.conserver.platform;

import io.conserver.platform.storage.BlobKeys;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every key the platform writes in a tenant's bucket, in one place (see DESIGN.md, "Bucket
 * layout"). The pipeline name is in every pipeline key, so two pipelines' triggers never overlap.
 */
public final class BucketLayout {
  public static final String VCON_SUFFIX = ".vcon.json";

  private static final Pattern OUTPUT_KEY =
      Pattern.compile(
          "vcons/([a-z0-9][a-z0-9-]*)/([a-z][a-z0-9-]*)/([0-9a-fA-F-]{36})\\.vcon\\.json");

  private BucketLayout() {}

  /** Where raw drops for a pipeline land; the first stage reads this prefix. */
  public static String inboxPrefix(String pipeline) {
    return "inbox/" + pipeline + "/";
  }

  public static String stagePrefix(String pipeline, String stage) {
    return "vcons/" + pipeline + "/" + stage + "/";
  }

  /** The output of a stage for one conversation: deterministic, so a retry writes the same key. */
  public static String outputKey(String pipeline, String stage, String conversationId) {
    return BlobKeys.require(stagePrefix(pipeline, stage) + conversationId + VCON_SUFFIX);
  }

  /** The conversation id in a stage output key, when the key is one. */
  public static Optional<String> conversationIdOf(String key) {
    Matcher matcher = OUTPUT_KEY.matcher(key);
    return matcher.matches() ? Optional.of(matcher.group(3)) : Optional.empty();
  }

  public static String quarantineKey(String pipeline, String stage, String reference) {
    return BlobKeys.require("quarantine/" + pipeline + "/" + stage + "/" + reference + ".json");
  }

  public static String quarantinePrefix(String pipeline) {
    return "quarantine/" + pipeline + "/";
  }

  /** One marker per delivery attempt, for transports that do not count deliveries. */
  public static String attemptKey(String pipeline, String stage, String reference, int attempt) {
    return BlobKeys.require("attempts/" + pipeline + "/" + stage + "/" + reference + "/" + attempt);
  }

  public static String ledgerPrefix(String conversationId) {
    return "ledger/" + conversationId + "/";
  }

  public static String ledgerKey(String conversationId, long sequence) {
    return BlobKeys.require(ledgerPrefix(conversationId) + zeroPadded(sequence) + ".json");
  }

  /** At least eight digits, so keys sort in sequence order (String.format is slow per record). */
  private static String zeroPadded(long sequence) {
    String digits = Long.toString(sequence);
    return digits.length() >= 8 ? digits : "0".repeat(8 - digits.length()) + digits;
  }

  public static String meterKey(
      LocalDate day, String pipeline, String stage, String conversationId) {
    return BlobKeys.require(
        "meter/" + day + "/" + pipeline + "/" + stage + "/" + conversationId + ".json");
  }

  /** Content-addressed media: the key is the content hash, so identical media is stored once. */
  public static String mediaKey(String contentHash) {
    return BlobKeys.require("media/" + contentHash);
  }

  /**
   * Records of asynchronous jobs a stage started (a cloud transcription job, say), read back when
   * the job's completion re-delivers the stage's input.
   */
  public static String jobPrefix(String pipeline, String stage) {
    return "jobs/" + pipeline + "/" + stage + "/";
  }

  /** Where a pipeline's file sinks write (see the export function). */
  public static String exportPrefix(String pipeline) {
    return "exports/" + pipeline + "/";
  }

  /** What was exported where for one conversation, one object per sink, so erase can reach it. */
  public static String sinkJournalPrefix(String conversationId) {
    return "sinks/journal/" + conversationId + "/";
  }

  public static String sinkJournalKey(String conversationId, String sink) {
    return BlobKeys.require(sinkJournalPrefix(conversationId) + sink + ".json");
  }
}
