package io.conserver.server;

import io.conserver.functions.ingest.IngestTransformation;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real ingest stage behind a gate a test opens: until then every event the stage takes stays
 * running or queued in the server's runtime, which is a real backlog ({@link BacklogApiTest}).
 * Registered for the server's tests only (src/test/resources/META-INF/services); only a pipeline
 * declaring {@value #FUNCTION} uses it.
 */
public final class GatedIngest implements Transformation {
  static final String FUNCTION = "gated-ingest";

  private static final CountDownLatch OPEN = new CountDownLatch(1);

  private final Transformation ingest = new IngestTransformation();

  /** Lets every held and later event through, for good. */
  static void open() {
    OPEN.countDown();
  }

  @Override
  public String function() {
    return FUNCTION;
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    // Bounded, so a test that fails before opening the gate cannot hold a stage thread forever.
    if (!OPEN.await(2, TimeUnit.MINUTES)) {
      throw new TimeoutException("the test never opened the gate");
    }
    return ingest.apply(input);
  }
}
