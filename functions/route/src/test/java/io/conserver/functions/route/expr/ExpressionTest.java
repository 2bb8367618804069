package io.conserver.functions.route.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExpressionTest {
  /** A call of 90 s, two parties, one price objection, tagged vip, in a 10 % sample. */
  static final Facts CALL =
      new Facts() {
        @Override
        public double duration() {
          return 90;
        }

        @Override
        public int partyCount() {
          return 2;
        }

        @Override
        public int dialogCount() {
          return 1;
        }

        @Override
        public int objections(String type) {
          return type == null || type.equals("price") ? 1 : 0;
        }

        @Override
        public boolean tag(String name) {
          return name.equals("vip");
        }

        @Override
        public boolean hasAnalysis(String type) {
          return type.equals("objections");
        }

        @Override
        public double sampleKey() {
          return 0.05;
        }
      };

  private static boolean holds(String source) throws ExpressionException {
    return Expression.parse(source).test(CALL);
  }

  @Test
  void theDeclaredExamples_evaluate() throws ExpressionException {
    assertThat(holds("has_objection(\"price\")")).isTrue();
    assertThat(holds("has_objection(\"trust\")")).isFalse();
    assertThat(holds("has_objection()")).isTrue();
    assertThat(holds("duration > 60")).isTrue();
    assertThat(holds("sample(0.1)")).isTrue();
    assertThat(holds("sample(0.01)")).isFalse();
    assertThat(holds("party_count >= 2 and tag(\"vip\")")).isTrue();
    assertThat(holds("not tag(\"vip\") or duration < 10")).isFalse();
    assertThat(holds("objection_count(\"price\") == 1 and objection_count == 1")).isTrue();
    assertThat(holds("has_analysis(\"objections\") and (duration <= 90 or false)")).isTrue();
  }

  @Test
  void andBindsTighterThanOr_notTighterThanAnd() throws ExpressionException {
    assertThat(holds("true or false and false")).isTrue();
    assertThat(holds("not false and false")).isFalse();
  }

  @Test
  void mistakes_areReportedWithTheirColumn() {
    assertThatThrownBy(() -> Expression.parse("durration > 60"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageStartingWith("column 1: unknown name 'durration'");
    assertThatThrownBy(() -> Expression.parse("duration > 60 and"))
        .hasMessageStartingWith("column 18: the expression ends too early");
    assertThatThrownBy(() -> Expression.parse("has_objection(\"pricing\")"))
        .hasMessageStartingWith("column 15: 'pricing' is not an objection type");
    assertThatThrownBy(() -> Expression.parse("duration and true"))
        .hasMessageStartingWith("column 10: 'and' takes true or false");
    assertThatThrownBy(() -> Expression.parse("duration = 60"))
        .hasMessageStartingWith("column 10: '=' is not an operator");
    assertThatThrownBy(() -> Expression.parse("tag(\"vip)"))
        .hasMessageStartingWith("column 5: unterminated string");
    assertThatThrownBy(() -> Expression.parse("duration"))
        .hasMessageContaining("must be true or false");
    assertThatThrownBy(() -> Expression.parse("sample(1.5)"))
        .hasMessageStartingWith("column 8: a sampling rate is from 0 to 1");
    assertThatThrownBy(() -> Expression.parse("(duration > 1"))
        .hasMessageStartingWith("column 14: expected ')' at the end");
  }
}
