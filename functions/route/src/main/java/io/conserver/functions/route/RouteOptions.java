package io.conserver.functions.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.route.expr.Expression;
import io.conserver.functions.route.expr.ExpressionException;
import io.conserver.platform.runner.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code {"rules": [{"when": EXPR, "then": "keep" | "drop" | "route" | "copy", "pipeline": P}],
 * "otherwise": "keep" | "drop"}}. Rules are tried in order; the first whose expression holds
 * decides; none holding, {@code otherwise} (default keep). A mistake is a declaration error with
 * its place: {@code options/rules/0/when: column 14: unknown name 'durration'}.
 */
record RouteOptions(List<RouteRule> rules, RouteRule.Action otherwise) {
  private static final Set<String> RULE_MEMBERS = Set.of("when", "then", "pipeline");

  static RouteOptions of(ObjectNode options) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    options
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (!n.equals("rules") && !n.equals("otherwise")) {
                problems.add("options/" + n + ": unknown option (rules, otherwise)");
              }
            });
    JsonNode declared = options.path("rules");
    if (!declared.isArray() || declared.isEmpty()) {
      problems.add("options/rules: a route stage needs an array of rules");
    }
    List<RouteRule> rules = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      String at = "options/rules/" + i;
      JsonNode rule = declared.get(i);
      rule.fieldNames()
          .forEachRemaining(
              n -> {
                if (!RULE_MEMBERS.contains(n)) {
                  problems.add(at + "/" + n + ": unknown member (when, then, pipeline)");
                }
              });
      String when = rule.path("when").asText("");
      Expression expression = null;
      try {
        expression = Expression.parse(when);
      } catch (ExpressionException e) {
        problems.add(at + "/when: " + e.getMessage());
      }
      Optional<RouteRule.Action> action = action(rule.path("then").asText(""));
      if (action.isEmpty()) {
        problems.add(at + "/then: must be keep, drop, route or copy");
      }
      Optional<String> pipeline = Optional.ofNullable(rule.get("pipeline")).map(JsonNode::asText);
      boolean handsOn =
          action.isPresent()
              && (action.get() == RouteRule.Action.ROUTE || action.get() == RouteRule.Action.COPY);
      if (handsOn && pipeline.isEmpty()) {
        problems.add(at + "/pipeline: route and copy name the pipeline to hand the vCon to");
      }
      if (!handsOn && pipeline.isPresent()) {
        problems.add(at + "/pipeline: only route and copy take a pipeline");
      }
      if (expression != null && action.isPresent()) {
        rules.add(new RouteRule(when, expression, action.get(), pipeline));
      }
    }
    Optional<RouteRule.Action> otherwise = action(options.path("otherwise").asText("keep"));
    if (otherwise.isEmpty()
        || otherwise.get() == RouteRule.Action.ROUTE
        || otherwise.get() == RouteRule.Action.COPY) {
      problems.add("options/otherwise: must be keep or drop");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("route options are invalid: " + problems.get(0), problems);
    }
    return new RouteOptions(rules, otherwise.get());
  }

  private static Optional<RouteRule.Action> action(String name) {
    try {
      return Optional.of(RouteRule.Action.valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
