package io.conserver.vcon.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A decimal number that writes back exactly the literal it was read from ({@code 1e3} stays {@code
 * 1e3}, {@code 33.120} keeps its trailing zero), so the codec is lossless for numbers.
 */
public final class LiteralDecimalNode extends NumericNode {
  private static final long serialVersionUID = 1L;

  private final String literal;
  private final BigDecimal value;

  public LiteralDecimalNode(String literal) {
    this.literal = literal;
    this.value = new BigDecimal(literal);
  }

  /** The number exactly as it was written in the source document. */
  public String literal() {
    return literal;
  }

  @Override
  public JsonToken asToken() {
    return JsonToken.VALUE_NUMBER_FLOAT;
  }

  @Override
  public JsonParser.NumberType numberType() {
    return JsonParser.NumberType.BIG_DECIMAL;
  }

  @Override
  public boolean isFloatingPointNumber() {
    return true;
  }

  @Override
  public boolean isBigDecimal() {
    return true;
  }

  @Override
  public Number numberValue() {
    return value;
  }

  @Override
  public int intValue() {
    return value.intValue();
  }

  @Override
  public long longValue() {
    return value.longValue();
  }

  @Override
  public double doubleValue() {
    return value.doubleValue();
  }

  @Override
  public BigDecimal decimalValue() {
    return value;
  }

  @Override
  public BigInteger bigIntegerValue() {
    return value.toBigInteger();
  }

  @Override
  public boolean canConvertToInt() {
    return value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
        && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
  }

  @Override
  public boolean canConvertToLong() {
    return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
        && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
  }

  @Override
  public String asText() {
    return literal;
  }

  @Override
  public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
    generator.writeNumber(literal);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LiteralDecimalNode literalNode && literal.equals(literalNode.literal);
  }

  @Override
  public int hashCode() {
    return literal.hashCode();
  }
}
