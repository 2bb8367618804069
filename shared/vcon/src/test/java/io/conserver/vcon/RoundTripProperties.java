package io.conserver.vcon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.LiteralDecimalNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripProperties {
  private static final VconJson CODEC = VconJson.codec();

  @Property(tries = 300)
  void generatedVcons_roundTripToAnIdenticalTreeAndIdenticalBytes(@ForAll("vcons") Vcon vcon) {
    byte[] once = vcon.toBytes();
    JsonNode parsed = CODEC.read(once);

    assertThat(parsed).isEqualTo(vcon.toJson());
    assertThat(CODEC.write(parsed)).isEqualTo(once);
    assertThat(Vcon.of(parsed)).isEqualTo(vcon);
  }

  @Provide
  Arbitrary<Vcon> vcons() {
    Arbitrary<List<Party>> parties = party().list().ofMaxSize(5);
    Arbitrary<List<Dialog>> dialogs = dialog().list().ofMaxSize(6);
    Arbitrary<ObjectNode> extras = extensionMembers();
    Arbitrary<Long> seconds = Arbitraries.longs().between(0, 4_000_000_000L);
    return Combinators.combine(parties, dialogs, extras, seconds)
        .as(
            (ps, ds, extra, at) -> {
              Vcon.Builder builder =
                  Vcon.builder(
                      new UUID(at, ~at),
                      OffsetDateTime.ofInstant(
                          java.time.Instant.ofEpochSecond(at), ZoneOffset.UTC));
              ps.forEach(builder::addParty);
              ds.forEach(builder::addDialog);
              extra.properties().forEach(e -> builder.set(e.getKey(), e.getValue()));
              return builder.build();
            });
  }

  private Arbitrary<Party> party() {
    Arbitrary<String> tel =
        Arbitraries.strings().numeric().ofMinLength(5).ofMaxLength(15).map(d -> "+" + d);
    Arbitrary<String> name = Arbitraries.strings().all().ofMaxLength(20);
    return Combinators.combine(tel, name).as((t, n) -> Party.builder().tel(t).name(n).build());
  }

  private Arbitrary<Dialog> dialog() {
    Arbitrary<String> body = Arbitraries.strings().all().ofMaxLength(200);
    Arbitrary<Double> duration = Arbitraries.doubles().between(0, 10_000).ofScale(3);
    return Combinators.combine(body, duration)
        .as((b, d) -> Dialog.builder("text").parties(0).duration(d).inlineText(b).build());
  }

  // Vendor members of any JSON shape, with number literals in forms the codec must keep.
  private Arbitrary<ObjectNode> extensionMembers() {
    Arbitrary<JsonNode> numbers =
        Arbitraries.of("1e3", "2.50", "-0", "0.000", "6.02E23", "12345678901234567890")
            .map(
                l ->
                    l.contains(".") || l.contains("e") || l.contains("E") || l.equals("-0")
                        ? new LiteralDecimalNode(l)
                        : CODEC.read(l));
    Arbitrary<JsonNode> leaves =
        Arbitraries.oneOf(
            numbers,
            Arbitraries.strings().all().ofMaxLength(10).map(JsonNodeFactory.instance::textNode),
            Arbitraries.of(
                JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true)));
    Arbitrary<JsonNode> arrays =
        leaves
            .list()
            .ofMaxSize(4)
            .map(
                items -> {
                  ArrayNode array = JsonNodeFactory.instance.arrayNode();
                  items.forEach(array::add);
                  return array;
                });
    Arbitrary<String> names =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(n -> "x_" + n);
    return Arbitraries.maps(names, Arbitraries.oneOf(leaves, arrays))
        .ofMaxSize(4)
        .map(
            members -> {
              ObjectNode object = JsonNodeFactory.instance.objectNode();
              members.forEach(object::set);
              return object;
            });
  }
}
