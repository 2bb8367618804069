package io.conserver.functions.route.expr;

/** A route expression that cannot be parsed or typed: the message names the column (1-based). */
public final class ExpressionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int column;

  public ExpressionException(int column, String message) {
    super("column " + column + ": " + message);
    this.column = column;
  }

  public int column() {
    return column;
  }
}
