package io.conserver.functions.route.expr;

/**
 * A parsed, type-checked route expression. Grammar (keywords lower case, {@code #} nothing):
 *
 * <pre>
 * expr     := or
 * or       := and ("or" and)*
 * and      := unary ("and" unary)*
 * unary    := "not" unary | compare
 * compare  := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
 * operand  := NUMBER | STRING | "true" | "false" | "(" expr ")"
 *           | NAME                      -- duration, party_count, dialog_count, objection_count
 *           | NAME "(" [arg ("," arg)*] ")"
 *                                       -- has_objection([type]), objection_count(type),
 *                                          tag(name), has_analysis(type), sample(rate)
 * </pre>
 *
 * {@code and}/{@code or}/{@code not} take booleans, {@code <}... take numbers, {@code ==}/{@code
 * !=} two values of one type; the whole expression must be a boolean.
 */
public interface Expression {
  /** Boolean or number. */
  enum Type {
    BOOLEAN,
    NUMBER,
    STRING
  }

  Type type();

  Object evaluate(Facts facts);

  static Expression parse(String source) throws ExpressionException {
    Expression expression = new Parser(Lexer.tokens(source)).parse();
    if (expression.type() != Type.BOOLEAN) {
      throw new ExpressionException(
          1,
          "the expression must be true or false, not a "
              + expression.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return expression;
  }

  /** Evaluates a boolean expression. */
  default boolean test(Facts facts) {
    return (Boolean) evaluate(facts);
  }
}
