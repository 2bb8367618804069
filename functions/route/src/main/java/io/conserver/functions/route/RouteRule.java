package io.conserver.functions.route;

import io.conserver.functions.route.expr.Expression;
import java.util.Optional;

/**
 * One declared rule: when its expression holds, its action applies ({@code keep}, {@code drop},
 * {@code route} to {@code pipeline} and stop here, or {@code copy} to {@code pipeline} and go on).
 */
record RouteRule(String when, Expression expression, Action action, Optional<String> pipeline) {
  enum Action {
    KEEP,
    DROP,
    ROUTE,
    COPY
  }
}
