package io.conserver.platform.funqy;

import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.vcon.Vcon;

/** Passes the vCon through; fails transiently when its subject says so (test function). */
public final class EchoTransformation implements Transformation {
  @Override
  public String function() {
    return "echo";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    Vcon vcon = input.vcon();
    if (vcon.subject().orElse("").equals("flaky")) {
      throw new java.io.IOException("downstream timeout");
    }
    return StageResult.of(vcon);
  }
}
