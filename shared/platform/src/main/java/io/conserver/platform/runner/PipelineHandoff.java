package io.conserver.platform.runner;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobKeys;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobTooLargeException;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Hands a vCon to another pipeline of the same tenant: it is written, create-if-absent, to {@code
 * inbox/<target>/from-<source>/<uuid>.vcon.json}, where the target's first stage picks it up like
 * any drop. A redelivery writes nothing twice; a different vCon under the same key is refused
 * (never overwritten). The source pipeline's own inbox is refused: it would loop. {@link
 * #intoStore} hands to a pipeline of another store (a hybrid tenant's cloud bucket) the same way.
 */
public final class PipelineHandoff {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final BlobStore store;
  private final String source;
  private final boolean sameStore;

  PipelineHandoff(BlobStore store, String source) {
    this(store, source, true);
  }

  private PipelineHandoff(BlobStore store, String source, boolean sameStore) {
    this.store = store;
    this.source = source;
    this.sameStore = sameStore;
  }

  /**
   * Hands from pipeline {@code source} to pipelines of another store, where a pipeline of the same
   * name is another pipeline (no loop).
   */
  public static PipelineHandoff intoStore(BlobStore otherStore, String source) {
    return new PipelineHandoff(otherStore, source, false);
  }

  public static String key(String source, String target, String uuid) {
    return BlobKeys.require(
        BucketLayout.inboxPrefix(target)
            + "from-"
            + source
            + "/"
            + uuid
            + BucketLayout.VCON_SUFFIX);
  }

  /**
   * @return the key written (or already there with the same content)
   * @throws InvalidInputException for a bad or looping target, or a different vCon already handed
   */
  public String handTo(String target, Vcon vcon) throws InvalidInputException {
    if (!NAME.matcher(target).matches()) {
      throw new InvalidInputException("target pipeline '" + target + "' is not a pipeline name");
    }
    if (sameStore && target.equals(source)) {
      throw new InvalidInputException(
          "target pipeline '" + target + "' is this pipeline: handing a vCon to itself would loop");
    }
    String key = key(source, target, vcon.uuid());
    byte[] bytes = vcon.toBytes();
    if (store.putBytesIfAbsent(key, bytes, PutOptions.JSON).isPresent()) {
      return key;
    }
    byte[] existing;
    try {
      existing = store.getBytes(key, bytes.length);
    } catch (BlobTooLargeException e) {
      existing = new byte[0];
    }
    if (!Arrays.equals(existing, bytes)) {
      throw new InvalidInputException(
          "a different vCon " + vcon.uuid() + " was already handed to pipeline " + target);
    }
    return key;
  }
}
