package io.conserver.functions.route;

import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.vcon.Vcon;
import java.util.List;

/**
 * The route stage: the first declared rule whose expression holds decides what happens to the vCon.
 * {@code keep}: it goes on unchanged. {@code drop}: the chain stops, the ledger records the rule.
 * {@code route}: it is handed to another pipeline's inbox and the chain stops here. {@code copy}:
 * handed on and kept. A hand-off is create-if-absent, so a redelivered event hands nothing twice.
 */
public final class RouteTransformation implements Transformation {
  @Override
  public String function() {
    return "route";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    RouteOptions options = RouteOptions.of(input.options());
    Vcon vcon = input.vcon();
    VconFacts facts = new VconFacts(vcon);
    for (int i = 0; i < options.rules().size(); i++) {
      RouteRule rule = options.rules().get(i);
      if (rule.expression().test(facts)) {
        return act(input, vcon, rule, "rule " + i + " (" + rule.when() + ")");
      }
    }
    if (options.otherwise() == RouteRule.Action.DROP) {
      return StageResult.stopped(vcon, "dropped: no rule matched and otherwise is drop", List.of());
    }
    return StageResult.of(vcon, List.of("route:kept: no rule matched"), Usage.NONE);
  }

  private static StageResult act(StageInput input, Vcon vcon, RouteRule rule, String which)
      throws Exception {
    switch (rule.action()) {
      case DROP:
        return StageResult.stopped(vcon, "dropped by " + which, List.of());
      case ROUTE:
        String routed = input.handoff().handTo(rule.pipeline().orElseThrow(), vcon);
        return StageResult.stopped(
            vcon,
            "routed to pipeline " + rule.pipeline().get() + " by " + which,
            List.of("route:handed-off:" + routed));
      case COPY:
        String copied = input.handoff().handTo(rule.pipeline().orElseThrow(), vcon);
        return StageResult.of(vcon, List.of("route:copied:" + copied + " by " + which), Usage.NONE);
      default:
        return StageResult.of(vcon, List.of("route:kept by " + which), Usage.NONE);
    }
  }
}
