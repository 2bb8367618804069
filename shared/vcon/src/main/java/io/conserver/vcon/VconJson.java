package io.conserver.vcon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.LiteralDecimalNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lossless JSON codec for vCons. Reading then writing keeps every member (known or not), the
 * member order and number literals as written; only insignificant whitespace may change. Duplicate
 * member names are rejected because no consumer could agree on which one wins.
 *
 * <p>Instances are immutable and thread-safe; {@link #withMaxBytes(long)} returns a copy.
 */
public final class VconJson {
  /** Default size limit: far above any real vCon with inline media, far below a heap risk. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  public static final int MAX_NESTING_DEPTH = 200;

  private static final VconJson DEFAULT = new VconJson(DEFAULT_MAX_BYTES);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper WRITER = new ObjectMapper();

  private final long maxBytes;
  private final JsonFactory factory;

  private VconJson(long maxBytes) {
    this.maxBytes = maxBytes;
    this.factory =
        JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                    .maxNumberLength(1000)
                    .build())
            .build();
  }

  /** The codec with default limits. */
  public static VconJson codec() {
    return DEFAULT;
  }

  /** A codec that refuses documents larger than {@code maxBytes}. */
  public VconJson withMaxBytes(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    return new VconJson(maxBytes);
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Parses one JSON document (any JSON value at the top level). */
  public JsonNode read(byte[] json) {
    if (json.length > maxBytes) {
      throw tooLarge();
    }
    try (JsonParser parser = factory.createParser(json)) {
      return readDocument(parser);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  public JsonNode read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a document from a stream, reading at most {@link #maxBytes()} bytes. */
  public JsonNode read(InputStream in) {
    try (JsonParser parser = factory.createParser(new LimitedInputStream(in, maxBytes))) {
      return readDocument(parser);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  public JsonNode read(Path file) {
    try {
      if (Files.size(file) > maxBytes) {
        throw tooLarge();
      }
      try (InputStream in = Files.newInputStream(file)) {
        return read(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compact UTF-8 JSON. */
  public byte[] write(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    write(node, out, false);
    return out.toByteArray();
  }

  /** Two-space indented JSON with a trailing newline, for people. */
  public String writePretty(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    write(node, out, true);
    out.write('\n');
    return out.toString(StandardCharsets.UTF_8);
  }

  public void write(JsonNode node, OutputStream out, boolean pretty) {
    try (JsonGenerator generator = WRITER.getFactory().createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      if (pretty) {
        DefaultPrettyPrinter printer =
            new DefaultPrettyPrinter(
                    Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        generator.setPrettyPrinter(printer);
      }
      WRITER.writeTree(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode readDocument(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new VconParseException("empty document: expected a JSON object");
    }
    JsonNode root = readValue(parser, first);
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      JsonLocation at = parser.currentTokenLocation();
      throw new VconParseException(
          "unexpected content after the end of the JSON document",
          at.getLineNr(),
          at.getColumnNr());
    }
    return root;
  }

  // Builds the tree by hand so number literals can be kept exactly as written.
  private JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, readValue(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(readValue(parser, t));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return integer(parser);
      case VALUE_NUMBER_FLOAT:
        return new LiteralDecimalNode(parser.getText());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        JsonLocation at = parser.currentTokenLocation();
        throw new VconParseException(
            "unexpected JSON token " + token, at.getLineNr(), at.getColumnNr());
    }
  }

  private static JsonNode integer(JsonParser parser) throws IOException {
    switch (parser.getNumberType()) {
      case INT:
        int value = parser.getIntValue();
        if (value == 0 && parser.getText().startsWith("-")) {
          return new LiteralDecimalNode("-0"); // an int node would drop the sign
        }
        return NODES.numberNode(value);
      case LONG:
        return NODES.numberNode(parser.getLongValue());
      default:
        return NODES.numberNode(parser.getBigIntegerValue());
    }
  }

  private VconParseException tooLarge() {
    return new VconParseException("document is larger than the limit of " + maxBytes + " bytes");
  }

  private VconParseException translate(IOException e) {
    if (e instanceof LimitedInputStream.LimitExceeded) {
      return tooLarge();
    }
    if (e.getCause() instanceof LimitedInputStream.LimitExceeded) {
      return tooLarge();
    }
    if (e instanceof StreamConstraintsException) {
      return new VconParseException(
          "document exceeds a structural limit (nesting deeper than "
              + MAX_NESTING_DEPTH
              + ", or an oversized string or number)");
    }
    if (e instanceof JsonParseException parseError) {
      JsonLocation at = parseError.getLocation();
      String detail = parseError.getOriginalMessage();
      return new VconParseException(
          "malformed JSON at line "
              + at.getLineNr()
              + ", column "
              + at.getColumnNr()
              + ": "
              + firstLine(detail),
          at.getLineNr(),
          at.getColumnNr());
    }
    throw new UncheckedIOException(e);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "invalid JSON";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** Stops reading at a byte limit, so a huge stream is refused without being buffered. */
  private static final class LimitedInputStream extends java.io.FilterInputStream {
    private long remaining;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        consume(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        consume(n);
      }
      return n;
    }

    private void consume(long n) throws LimitExceeded {
      remaining -= n;
      if (remaining < 0) {
        throw new LimitExceeded();
      }
    }

    static final class LimitExceeded extends IOException {
      private static final long serialVersionUID = 1L;

      LimitExceeded() {
        super("size limit exceeded");
      }
    }
  }
}
