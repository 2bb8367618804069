package io.conserver.platform.runner;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.util.List;
import java.util.Optional;

/**
 * The part of a tenant's bucket where one stage keeps records of the asynchronous jobs it started:
 * {@code jobs/<pipeline>/<stage>/…}. Records are created once (create-if-absent), so two deliveries
 * of the same input never record two jobs for the same work; anything outside the prefix is
 * refused. A stage keeps the records of one conversation under {@code <conversation>/}, and those
 * of jobs it gave up on under {@code closed/<conversation>/}.
 */
public final class JobArea {
  /** Where a stage records the jobs it gave up on, per conversation. */
  public static final String CLOSED = "closed/";

  private static final long MAX_RECORD_BYTES = 1024 * 1024;

  private final BlobStore store;
  private final String prefix;
  private final String pipeline;
  private final String stage;

  /** For the runner (through {@link StageInput#jobs()}) and for completion handlers. */
  public JobArea(BlobStore store, String pipeline, String stage) {
    this.store = store;
    this.prefix = BucketLayout.jobPrefix(pipeline, stage);
    this.pipeline = pipeline;
    this.stage = stage;
  }

  public String pipeline() {
    return pipeline;
  }

  public String stage() {
    return stage;
  }

  public String prefix() {
    return prefix;
  }

  /**
   * Creates the record unless one exists.
   *
   * @return true when this call created it
   */
  public boolean create(String key, byte[] content) {
    return store.putBytesIfAbsent(allowed(key), content, PutOptions.JSON).isPresent();
  }

  /** Writes the record whatever is there: for a record that was closed, or a sweep's cursor. */
  public void replace(String key, byte[] content) {
    store.putBytes(allowed(key), content, PutOptions.JSON);
  }

  public Optional<byte[]> read(String key) {
    String checked = allowed(key);
    if (store.head(checked).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(store.getBytes(checked, MAX_RECORD_BYTES));
  }

  /**
   * Forgets the conversation's jobs, closed ones included, so its input starts new ones: for the
   * release of a quarantined input (an operator's retry). Records found by job id stay; they name
   * the input only.
   */
  public void reopen(String conversation) {
    if (conversation.isEmpty() || conversation.contains("/")) {
      throw new IllegalArgumentException("not a conversation id: " + conversation);
    }
    for (String under :
        List.of(prefix + conversation + "/", prefix + CLOSED + conversation + "/")) {
      store.list(under).forEach(record -> store.delete(record.key()));
    }
  }

  /** The records under {@code prefix() + within}, for a sweep of jobs that send no event. */
  public List<BlobMetadata> list(String within) {
    return store.list(allowed(prefix + within));
  }

  private String allowed(String key) {
    if (!key.startsWith(prefix)) {
      throw new IllegalArgumentException("job records live under " + prefix + ": " + key);
    }
    return key;
  }
}
