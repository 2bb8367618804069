package io.conserver.functions.route.expr;

/** One lexical token of a route expression, with its 1-based column. */
record Token(Kind kind, String text, int column) {
  enum Kind {
    NUMBER,
    STRING,
    IDENT,
    LPAREN,
    RPAREN,
    COMMA,
    OPERATOR,
    END
  }
}
