package io.conserver.functions.route.expr;

import io.conserver.functions.route.expr.Expression.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Recursive descent over {@link Expression}'s grammar, typing as it goes. */
final class Parser {
  private static final Set<String> OBJECTION_TYPES =
      Set.of("price", "timing", "authority", "need", "competitor", "trust");

  private final List<Token> tokens;
  private int at;

  Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  Expression parse() throws ExpressionException {
    Expression expression = or();
    Token next = peek();
    if (next.kind() != Token.Kind.END) {
      throw new ExpressionException(next.column(), "unexpected '" + next.text() + "'");
    }
    return expression;
  }

  private Expression or() throws ExpressionException {
    Expression left = and();
    while (keyword("or")) {
      Token op = next();
      Expression right = and();
      left = logical(op, left, right, true);
    }
    return left;
  }

  private Expression and() throws ExpressionException {
    Expression left = unary();
    while (keyword("and")) {
      Token op = next();
      Expression right = unary();
      left = logical(op, left, right, false);
    }
    return left;
  }

  private Expression unary() throws ExpressionException {
    if (keyword("not")) {
      Token op = next();
      Expression operand = unary();
      require(operand, Type.BOOLEAN, op, "'not' takes true or false");
      return node(Type.BOOLEAN, facts -> !(Boolean) operand.evaluate(facts));
    }
    return compare();
  }

  private Expression compare() throws ExpressionException {
    Expression left = operand();
    if (peek().kind() != Token.Kind.OPERATOR) {
      return left;
    }
    Token op = next();
    Expression right = operand();
    String symbol = op.text();
    if (symbol.equals("==") || symbol.equals("!=")) {
      if (left.type() != right.type()) {
        throw new ExpressionException(
            op.column(), "'" + symbol + "' compares two values of one type");
      }
      boolean equal = symbol.equals("==");
      return node(
          Type.BOOLEAN, facts -> left.evaluate(facts).equals(right.evaluate(facts)) == equal);
    }
    require(left, Type.NUMBER, op, "'" + symbol + "' compares numbers");
    require(right, Type.NUMBER, op, "'" + symbol + "' compares numbers");
    return node(
        Type.BOOLEAN,
        facts -> {
          double a = (Double) left.evaluate(facts);
          double b = (Double) right.evaluate(facts);
          switch (symbol) {
            case "<":
              return a < b;
            case "<=":
              return a <= b;
            case ">":
              return a > b;
            default:
              return a >= b;
          }
        });
  }

  private Expression operand() throws ExpressionException {
    Token token = next();
    switch (token.kind()) {
      case NUMBER:
        double number = Double.parseDouble(token.text());
        return node(Type.NUMBER, facts -> number);
      case STRING:
        String text = token.text();
        return node(Type.STRING, facts -> text);
      case LPAREN:
        Expression inner = or();
        expect(Token.Kind.RPAREN, "')'");
        return inner;
      case IDENT:
        return peek().kind() == Token.Kind.LPAREN ? call(token) : name(token);
      default:
        throw new ExpressionException(
            token.column(),
            token.kind() == Token.Kind.END
                ? "the expression ends too early"
                : "unexpected '" + token.text() + "'");
    }
  }

  private Expression name(Token token) throws ExpressionException {
    switch (token.text()) {
      case "true":
        return node(Type.BOOLEAN, facts -> true);
      case "false":
        return node(Type.BOOLEAN, facts -> false);
      case "duration":
        return node(Type.NUMBER, Facts::duration);
      case "party_count":
        return node(Type.NUMBER, facts -> (double) facts.partyCount());
      case "dialog_count":
        return node(Type.NUMBER, facts -> (double) facts.dialogCount());
      case "objection_count":
        return node(Type.NUMBER, facts -> (double) facts.objections(null));
      default:
        throw new ExpressionException(
            token.column(),
            "unknown name '"
                + token.text()
                + "' (names: duration, party_count, dialog_count, objection_count, true, false)");
    }
  }

  private Expression call(Token function) throws ExpressionException {
    next(); // (
    List<Token> args = new ArrayList<>();
    if (peek().kind() != Token.Kind.RPAREN) {
      do {
        Token arg = next();
        if (arg.kind() != Token.Kind.STRING && arg.kind() != Token.Kind.NUMBER) {
          throw new ExpressionException(arg.column(), "arguments are literal strings or numbers");
        }
        args.add(arg);
      } while (peek().kind() == Token.Kind.COMMA && next() != null);
    }
    expect(Token.Kind.RPAREN, "')'");
    switch (function.text()) {
      case "has_objection":
        if (args.isEmpty()) {
          return node(Type.BOOLEAN, facts -> facts.objections(null) > 0);
        }
        String type = objectionType(function, args);
        return node(Type.BOOLEAN, facts -> facts.objections(type) > 0);
      case "objection_count":
        String counted = objectionType(function, args);
        return node(Type.NUMBER, facts -> (double) facts.objections(counted));
      case "tag":
        String tag = string(function, args);
        return node(Type.BOOLEAN, facts -> facts.tag(tag));
      case "has_analysis":
        String analysis = string(function, args);
        return node(Type.BOOLEAN, facts -> facts.hasAnalysis(analysis));
      case "sample":
        if (args.size() != 1 || args.get(0).kind() != Token.Kind.NUMBER) {
          throw new ExpressionException(function.column(), "sample takes one rate from 0 to 1");
        }
        double rate = Double.parseDouble(args.get(0).text());
        if (rate < 0 || rate > 1) {
          throw new ExpressionException(args.get(0).column(), "a sampling rate is from 0 to 1");
        }
        return node(Type.BOOLEAN, facts -> facts.sampleKey() < rate);
      default:
        throw new ExpressionException(
            function.column(),
            "unknown function '"
                + function.text()
                + "' (functions: has_objection, objection_count, tag, has_analysis, sample)");
    }
  }

  private static String objectionType(Token function, List<Token> args) throws ExpressionException {
    String type = string(function, args);
    if (!OBJECTION_TYPES.contains(type)) {
      throw new ExpressionException(
          args.get(0).column(),
          "'" + type + "' is not an objection type " + new java.util.TreeSet<>(OBJECTION_TYPES));
    }
    return type;
  }

  private static String string(Token function, List<Token> args) throws ExpressionException {
    if (args.size() != 1 || args.get(0).kind() != Token.Kind.STRING) {
      throw new ExpressionException(
          function.column(),
          function.text() + " takes one string, e.g. " + function.text() + "(\"x\")");
    }
    return args.get(0).text();
  }

  private static Expression logical(Token op, Expression left, Expression right, boolean or)
      throws ExpressionException {
    require(left, Type.BOOLEAN, op, "'" + op.text() + "' takes true or false on both sides");
    require(right, Type.BOOLEAN, op, "'" + op.text() + "' takes true or false on both sides");
    return node(
        Type.BOOLEAN,
        facts ->
            or
                ? (Boolean) left.evaluate(facts) || (Boolean) right.evaluate(facts)
                : (Boolean) left.evaluate(facts) && (Boolean) right.evaluate(facts));
  }

  private static void require(Expression e, Type type, Token at, String message)
      throws ExpressionException {
    if (e.type() != type) {
      throw new ExpressionException(
          at.column(), message + " (found a " + e.type().name().toLowerCase(Locale.ROOT) + ")");
    }
  }

  private static Expression node(Type type, Function<Facts, Object> evaluate) {
    return new Expression() {
      @Override
      public Type type() {
        return type;
      }

      @Override
      public Object evaluate(Facts facts) {
        return evaluate.apply(facts);
      }
    };
  }

  private boolean keyword(String word) {
    Token token = peek();
    return token.kind() == Token.Kind.IDENT && token.text().equals(word);
  }

  private void expect(Token.Kind kind, String what) throws ExpressionException {
    Token token = next();
    if (token.kind() != kind) {
      throw new ExpressionException(
          token.column(),
          "expected "
              + what
              + (token.kind() == Token.Kind.END
                  ? " at the end"
                  : ", found '" + token.text() + "'"));
    }
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token token = tokens.get(at);
    if (token.kind() != Token.Kind.END) {
      at++;
    }
    return token;
  }
}
