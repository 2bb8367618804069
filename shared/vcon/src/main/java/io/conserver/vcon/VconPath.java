package io.conserver.vcon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A path into a vCon document, for mapping vCon values to the columns of an export:
 *
 * <pre>
 * path     = segment *("." segment)
 * segment  = member *("[" selector "]")
 * member   = [A-Za-z_][A-Za-z0-9_]*
 * selector = index        ; dialog[0]: the element at that position (from 0)
 *          / "*"          ; parties[*]: every element; the rest of the path applies to each
 *          / member "=" value  ; parties[role=customer]: the first element whose member equals value
 * value    = 1*(any character but "[" and "]")
 * </pre>
 *
 * <p>Examples: {@code subject}, {@code parties[role=customer].tel}, {@code dialog[0].start}, {@code
 * analysis[type=transcript].body.text}, {@code parties[*].name}. The first member must be a vCon
 * top-level member ({@link #TOP_LEVEL}), so a typo fails when the declaration is read rather than
 * producing empty columns. Selecting what is not there gives a missing node, never an error: vCons
 * differ, and an export must not fail for a field one conversation lacks.
 */
public final class VconPath {
  /** The vCon top-level members (draft-ietf-vcon-vcon-core) a path may start with. */
  public static final Set<String> TOP_LEVEL =
      Set.of(
          "vcon",
          "uuid",
          "created_at",
          "updated_at",
          "subject",
          "redacted",
          "amended",
          "appended",
          "group",
          "parties",
          "dialog",
          "analysis",
          "attachments",
          "extensions",
          "critical",
          "must_support");

  private final String text;
  private final List<Step> steps;

  private VconPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException naming the position and what was expected there
   */
  public static VconPath parse(String text) {
    List<Step> steps = new Parser(text).steps();
    String first = ((Member) steps.get(0)).name();
    if (!TOP_LEVEL.contains(first)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': '"
              + first
              + "' is not a vCon member "
              + new java.util.TreeSet<>(TOP_LEVEL));
    }
    return new VconPath(text, steps);
  }

  /** The path as written. */
  public String text() {
    return text;
  }

  /**
   * The value at this path in a vCon document: a missing node when something on the way is absent;
   * an array (missing elements as null) when the path has a {@code [*]}.
   */
  public JsonNode select(JsonNode document) {
    return select(document, 0);
  }

  private JsonNode select(JsonNode node, int from) {
    JsonNode current = node;
    for (int i = from; i < steps.size(); i++) {
      if (current.isMissingNode() || current.isNull()) {
        return MissingNode.getInstance();
      }
      Step step = steps.get(i);
      if (step instanceof Every) {
        if (!current.isArray()) {
          return MissingNode.getInstance();
        }
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : current) {
          JsonNode value = select(element, i + 1);
          all.add(value.isMissingNode() ? NullNode.getInstance() : value);
        }
        return all;
      }
      current = step.apply(current);
    }
    return current;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VconPath p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private sealed interface Step permits Member, Index, Every, Match {
    JsonNode apply(JsonNode node);
  }

  private record Member(String name) implements Step {
    @Override
    public JsonNode apply(JsonNode node) {
      return node.isObject() ? node.path(name) : MissingNode.getInstance();
    }
  }

  private record Index(int index) implements Step {
    @Override
    public JsonNode apply(JsonNode node) {
      return node.isArray() ? node.path(index) : MissingNode.getInstance();
    }
  }

  private record Every() implements Step {
    @Override
    public JsonNode apply(JsonNode node) {
      throw new IllegalStateException("handled by select");
    }
  }

  private record Match(String member, String value) implements Step {
    @Override
    public JsonNode apply(JsonNode node) {
      if (node.isArray()) {
        for (JsonNode element : node) {
          JsonNode candidate = element.path(member);
          if (candidate.isValueNode() && candidate.asText().equals(value)) {
            return element;
          }
        }
      }
      return MissingNode.getInstance();
    }
  }

  /** A small recursive-descent parser over the grammar in the class comment. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text == null ? "" : text;
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      do {
        steps.add(new Member(name()));
        while (peek('[')) {
          at++;
          steps.add(selector());
          expect(']');
        }
      } while (consume('.'));
      if (at != text.length()) {
        fail("'.' or '['");
      }
      return steps;
    }

    private Step selector() {
      if (consume('*')) {
        return new Every();
      }
      if (at < text.length() && Character.isDigit(text.charAt(at))) {
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
          at++;
        }
        try {
          return new Index(Integer.parseInt(text.substring(start, at)));
        } catch (NumberFormatException e) {
          at = start;
          fail("an index below 2^31");
        }
      }
      String member = name();
      expect('=');
      int start = at;
      while (at < text.length() && text.charAt(at) != ']' && text.charAt(at) != '[') {
        at++;
      }
      if (at == start) {
        fail("a value after '='");
      }
      return new Match(member, text.substring(start, at));
    }

    private String name() {
      int start = at;
      if (at < text.length() && isNameStart(text.charAt(at))) {
        at++;
        while (at < text.length() && isNamePart(text.charAt(at))) {
          at++;
        }
      }
      if (at == start) {
        fail("a member name ([A-Za-z_][A-Za-z0-9_]*)");
      }
      return text.substring(start, at);
    }

    private static boolean isNameStart(char c) {
      return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
      return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private boolean peek(char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    private boolean consume(char c) {
      if (peek(c)) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!consume(c)) {
        fail("'" + c + "'");
      }
    }

    private void fail(String expected) {
      String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
      throw new IllegalArgumentException(
          "'" + text + "': expected " + expected + " at position " + at + ", found " + found);
    }
  }
}
