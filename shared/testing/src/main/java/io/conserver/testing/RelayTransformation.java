package io.conserver.testing;

import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.vcon.Vcon;
import java.io.IOException;

/**
 * A test stage function ({@code relay}): passes the vCon through, fails transiently when its
 * subject is {@code flaky} and permanently when it is {@code invalid}. Register it in a test
 * module's {@code META-INF/services/io.conserver.platform.runner.Transformation} to deploy it the
 * way real functions are found.
 */
public final class RelayTransformation implements Transformation {
  public static final String FUNCTION = "relay";

  @Override
  public String function() {
    return FUNCTION;
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    Vcon vcon = input.vcon();
    String subject = vcon.subject().orElse("");
    if (subject.equals("flaky")) {
      throw new IOException("downstream timeout");
    }
    if (subject.equals("invalid")) {
      throw new InvalidInputException("this vCon is refused by the relay stage");
    }
    return StageResult.of(vcon);
  }
}
