package io.conserver.platform.runner;

import io.conserver.vcon.Vcon;
import java.io.IOException;

/**
 * An "ingest" transformation that passes its vCon through, but fails as a transient error (an
 * {@link IOException}) when the vCon's subject is "flaky" (test helper).
 */
final class FlakyWhenAsked implements Transformation {
  @Override
  public String function() {
    return "ingest";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    Vcon vcon = input.vcon();
    if (vcon.subject().orElse("").equals("flaky")) {
      throw new IOException("downstream timeout");
    }
    return StageResult.of(vcon);
  }
}
