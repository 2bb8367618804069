package io.conserver.testing;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;

/**
 * The check every packaged function's test makes (the Lambda zips' {@code Packaged*IT}, the Knative
 * fast-jar's {@code PackagedKnativeIT}): a conversation is dropped where the shipped default
 * pipeline's stage reads it, one event naming it goes through the package's own harness, and the
 * stage's output must be there. Only the delivery differs per package.
 */
public final class PackagedStage {
  private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

  private PackagedStage() {}

  /** Sends one event naming the object to the running package, as its trigger would. */
  @FunctionalInterface
  public interface Delivery {
    /**
     * @throws AssertionError (or any exception) unless the package acknowledged the event
     */
    void deliver(BlobMetadata input) throws Exception;
  }

  /**
   * Drops {@code vcon} as the input of the default pipeline's {@code stage}, delivers it, and
   * returns the stage's output (under the conversation id).
   *
   * @throws AssertionError when the stage wrote no output
   */
  public static String runs(TestBucket bucket, String stage, TestVcons.Vcon vcon, Delivery delivery)
      throws Exception {
    BlobMetadata input =
        bucket
            .store()
            .putBytes(
                TestVcons.defaultPipelineInput(stage, vcon.uuid()), vcon.json(), PutOptions.JSON);
    delivery.deliver(input);
    String output = TestVcons.outputKey(stage, vcon.uuid());
    if (bucket.store().head(output).isEmpty()) {
      throw new AssertionError("the packaged " + stage + " stage wrote no " + output);
    }
    return new String(bucket.store().getBytes(output, MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
  }
}
