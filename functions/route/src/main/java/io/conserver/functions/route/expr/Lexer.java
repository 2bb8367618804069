package io.conserver.functions.route.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits a route expression into tokens; strings are double-quoted with {@code \"} escapes. */
final class Lexer {
  private Lexer() {}

  static List<Token> tokens(String source) throws ExpressionException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || c == ',') {
        Token.Kind kind =
            c == '(' ? Token.Kind.LPAREN : c == ')' ? Token.Kind.RPAREN : Token.Kind.COMMA;
        tokens.add(new Token(kind, String.valueOf(c), column));
        i++;
      } else if ("<>=!".indexOf(c) >= 0) {
        boolean twoChars = i + 1 < source.length() && source.charAt(i + 1) == '=';
        String op = source.substring(i, i + (twoChars ? 2 : 1));
        if (op.equals("=") || op.equals("!")) {
          throw new ExpressionException(
              column, "'" + op + "' is not an operator (use == or != to compare, not to negate)");
        }
        tokens.add(new Token(Token.Kind.OPERATOR, op, column));
        i += op.length();
      } else if (c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < source.length() && source.charAt(j) != '"') {
          if (source.charAt(j) == '\\' && j + 1 < source.length()) {
            j++;
          }
          text.append(source.charAt(j++));
        }
        if (j >= source.length()) {
          throw new ExpressionException(column, "unterminated string");
        }
        tokens.add(new Token(Token.Kind.STRING, text.toString(), column));
        i = j + 1;
      } else if (Character.isDigit(c) || c == '.') {
        int j = i;
        while (j < source.length()
            && (Character.isDigit(source.charAt(j)) || source.charAt(j) == '.')) {
          j++;
        }
        String number = source.substring(i, j);
        try {
          Double.parseDouble(number);
        } catch (NumberFormatException e) {
          throw new ExpressionException(column, "'" + number + "' is not a number");
        }
        tokens.add(new Token(Token.Kind.NUMBER, number, column));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < source.length()
            && (Character.isLetterOrDigit(source.charAt(j)) || source.charAt(j) == '_')) {
          j++;
        }
        tokens.add(new Token(Token.Kind.IDENT, source.substring(i, j), column));
        i = j;
      } else {
        throw new ExpressionException(column, "unexpected character '" + c + "'");
      }
    }
    tokens.add(new Token(Token.Kind.END, "", source.length() + 1));
    return tokens;
  }
}
