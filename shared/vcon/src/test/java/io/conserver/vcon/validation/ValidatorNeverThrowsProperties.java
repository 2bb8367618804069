package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.LiteralDecimalNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

/**
 * Garbage in, a report out: the validator never throws, and every pointer it reports is either
 * {@code (document)}, a node that exists, or a missing member of an object that exists.
 */
class ValidatorNeverThrowsProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> TOP =
      List.of(
          "vcon",
          "uuid",
          "created_at",
          "updated_at",
          "subject",
          "extensions",
          "critical",
          "must_support",
          "group",
          "redacted",
          "amended",
          "appended",
          "parties",
          "dialog",
          "analysis",
          "attachments");

  private static final List<String> PARTY =
      List.of(
          "tel",
          "sip",
          "stir",
          "mailto",
          "name",
          "did",
          "validation",
          "gmlpos",
          "civicaddress",
          "uuid",
          "type",
          "org",
          "dept",
          "a1",
          "country");

  private static final List<String> DIALOG =
      List.of(
          "type",
          "start",
          "duration",
          "parties",
          "originator",
          "mediatype",
          "mimetype",
          "filename",
          "body",
          "encoding",
          "url",
          "content_hash",
          "disposition",
          "session_id",
          "party_history",
          "transferee",
          "transferor",
          "transfer_target",
          "original",
          "consultation",
          "target_dialog",
          "recordings",
          "recording_set",
          "application",
          "message_id",
          "party",
          "time",
          "event",
          "button",
          "local",
          "remote",
          "transfer-target",
          "alg",
          "signature");

  private static final List<String> ANALYSIS_AND_ATTACHMENT =
      List.of(
          "type",
          "purpose",
          "vendor",
          "product",
          "schema",
          "dialog",
          "attachment",
          "party",
          "start",
          "mediatype",
          "filename",
          "body",
          "encoding",
          "url",
          "content_hash");

  private static final List<String> LINK = List.of("uuid", "type", "url", "content_hash");

  private static final List<String> JOSE =
      List.of(
          "payload",
          "signatures",
          "signature",
          "protected",
          "header",
          "alg",
          "x5c",
          "x5u",
          "ciphertext",
          "recipients",
          "encrypted_key",
          "iv",
          "tag",
          "aad",
          "unprotected",
          "enc",
          "uuid",
          "cty");

  private static final List<String> ALL_NAMES =
      Stream.of(TOP, PARTY, DIALOG, ANALYSIS_AND_ATTACHMENT, JOSE)
          .flatMap(List::stream)
          .distinct()
          .toList();

  /** Strings that trip format checks one way or the other. */
  private static final List<String> STRINGS =
      List.of(
          "",
          "0.4.0",
          "0.3.0",
          "019f15a6-a752-826f-b9a2-279e0d16bc46",
          "not-a-uuid",
          "2024-05-01T10:00:00Z",
          "2022-13-01T10:00:00Z",
          "2022-06-21 17:53",
          "https://media.example.com/a",
          "http://media.example.com/a",
          "https://",
          "::",
          "sha512-GLy6IPaIUM1GqzZqfIPZlWjaDsNgNvZM0iCONNThnH0a75fhUM6cYnNMHp9vj8BXyaMc0lJ_D9KvXzTDAzdlcQ",
          "sha512-AAAA",
          "md5-AAAA",
          "-",
          "SHA512-A",
          "recording",
          "recording-set",
          "text",
          "transfer",
          "incomplete",
          "busy",
          "join",
          "keydown",
          "base64url",
          "json",
          "none",
          "SGVsbG8",
          "SGVsbG8=",
          "+/=",
          "text/plain",
          "did:example:1",
          "eyJhbGciOiJSUzI1NiJ9",
          "e30",
          "WyJ4Il0",
          "a.b.c",
          "51.5 -0.1",
          "~/",
          "CC");

  @Property
  void anyVconShapedTree_givesAReportWithWellFormedPointers(
      @ForAll("vconShaped") JsonNode document, @ForAll ValidationMode mode) {
    assertWellFormed(document, VconValidator.validate(document, mode));
  }

  @Property
  void anyJsonValue_givesAReportWithWellFormedPointers(
      @ForAll("anyValue") JsonNode document, @ForAll ValidationMode mode) {
    assertWellFormed(document, VconValidator.validate(document, mode));
  }

  @Property
  void anyText_givesAReport(
      @ForAll @StringLength(max = 80) String text, @ForAll ValidationMode mode) {
    ValidationReport report = VconValidator.validate(text.getBytes(StandardCharsets.UTF_8), mode);

    assertThat(report.issues()).noneMatch(issue -> issue.code().equals("internal"));
  }

  private static void assertWellFormed(JsonNode document, ValidationReport report) {
    for (ValidationIssue issue : report.issues()) {
      assertThat(issue.code()).as(issue.toString()).isNotEqualTo("internal");
      assertThat(issue.message()).isNotBlank();
      String pointer = issue.pointer();
      if (pointer.equals(ValidationIssue.DOCUMENT)) {
        continue;
      }
      assertThat(pointer).startsWith("/");
      if (!document.at(pointer).isMissingNode()) {
        continue;
      }
      JsonNode parent = document.at(pointer.substring(0, pointer.lastIndexOf('/')));
      assertThat(parent.isObject())
          .as("%s: neither the node nor an object holding it exists", issue)
          .isTrue();
    }
  }

  // ---- generators

  @Provide
  Arbitrary<JsonNode> anyValue() {
    return value(4);
  }

  @Provide
  Arbitrary<JsonNode> vconShaped() {
    Arbitrary<JsonNode> parties = arrayOf(objectWith(PARTY, 2));
    Arbitrary<JsonNode> dialog = arrayOf(objectWith(DIALOG, 3));
    Arbitrary<JsonNode> analysis = arrayOf(objectWith(ANALYSIS_AND_ATTACHMENT, 2));
    Arbitrary<JsonNode> link = objectWith(LINK, 1);
    Arbitrary<JsonNode> jose = objectWith(JOSE, 3);
    Arbitrary<Map.Entry<String, JsonNode>> member =
        Arbitraries.oneOf(
            Arbitraries.of("parties").flatMap(name -> entry(name, parties)),
            Arbitraries.of("dialog").flatMap(name -> entry(name, dialog)),
            Arbitraries.of("analysis", "attachments").flatMap(name -> entry(name, analysis)),
            Arbitraries.of("redacted", "amended", "appended").flatMap(name -> entry(name, link)),
            Arbitraries.of(JOSE).flatMap(name -> entry(name, jose)),
            Arbitraries.of(TOP).flatMap(name -> entry(name, memberValue(2))));
    return member.list().ofMaxSize(10).map(ValidatorNeverThrowsProperties::toObject);
  }

  private static Arbitrary<Map.Entry<String, JsonNode>> entry(
      String name, Arbitrary<JsonNode> value) {
    return value.map(v -> Map.entry(name, v));
  }

  private Arbitrary<JsonNode> arrayOf(Arbitrary<JsonNode> element) {
    return Arbitraries.frequencyOf(
        Tuple.of(8, element.list().ofMaxSize(4).map(ValidatorNeverThrowsProperties::toArray)),
        Tuple.of(1, value(1)));
  }

  private Arbitrary<JsonNode> objectWith(List<String> names, int depth) {
    return Combinators.combine(Arbitraries.of(names), memberValue(depth))
        .as(Map::entry)
        .list()
        .ofMaxSize(8)
        .map(ValidatorNeverThrowsProperties::toObject);
  }

  /** Mostly plausible values (small indices, interesting strings), sometimes anything. */
  private Arbitrary<JsonNode> memberValue(int depth) {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(-1, 4).map(i -> (JsonNode) NODES.numberNode(i))),
        Tuple.of(4, Arbitraries.of(STRINGS).map(s -> (JsonNode) NODES.textNode(s))),
        Tuple.of(2, value(depth)));
  }

  private Arbitrary<JsonNode> value(int depth) {
    if (depth <= 0) {
      return leaf();
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf()),
        Tuple.of(
            2,
            Arbitraries.lazy(() -> value(depth - 1))
                .list()
                .ofMaxSize(4)
                .map(ValidatorNeverThrowsProperties::toArray)),
        Tuple.of(3, Arbitraries.lazy(() -> objectWith(ALL_NAMES, depth - 1))));
  }

  private static Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
        Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(20).negate(), BigInteger.TEN.pow(20))
            .map(i -> (JsonNode) NODES.numberNode(i)),
        Arbitraries.of("-0", "1.0", "-1.5", "1e3", "33.120", "1E-400")
            .map(literal -> (JsonNode) new LiteralDecimalNode(literal)),
        Arbitraries.of(STRINGS).map(s -> (JsonNode) NODES.textNode(s)),
        Arbitraries.strings().ofMaxLength(12).map(s -> (JsonNode) NODES.textNode(s)));
  }

  private static JsonNode toObject(List<Map.Entry<String, JsonNode>> entries) {
    ObjectNode object = NODES.objectNode();
    entries.forEach(e -> object.set(e.getKey(), e.getValue()));
    return object;
  }

  private static JsonNode toArray(List<JsonNode> elements) {
    ArrayNode array = NODES.arrayNode();
    elements.forEach(array::add);
    return array;
  }
}
