package io.conserver.vcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VconModelTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void wgCallExample_exposesPartiesAndExternalRecording() {
    Vcon vcon = Vcon.parse(TestResources.bytes("wg/examples/ab_call_ext_rec.vcon"));

    assertThat(vcon.uuid()).isEqualTo("019f15a6-a752-826f-b9a2-279e0d16bc46");
    assertThat(vcon.parties())
        .extracting(p -> p.name().orElseThrow())
        .containsExactly("Alice", "Bob");
    assertThat(vcon.parties().get(0).tel()).contains("+12345678901");
    Dialog recording = vcon.dialogs().get(0);
    assertThat(recording.type()).contains("recording");
    assertThat(recording.isExternal()).isTrue();
    assertThat(recording.partyIndexes()).containsExactly(0, 1);
    assertThat(recording.channels()).containsExactly(List.of(0, 1));
    assertThat(recording.contentHashes()).singleElement().asString().startsWith("sha512-");
    assertThat(recording.duration())
        .hasValueSatisfying(d -> assertThat(d.doubleValue()).isEqualTo(33.12));
    assertThat(recording.start()).contains(OffsetDateTime.parse("2022-06-21T17:53:26.000+00:00"));
  }

  @Test
  void builtVcon_serializesMembersInBuilderOrder_andParsesBackEqual() {
    UUID id = VconUuid.generate("conserver.example", CLOCK);
    Vcon vcon =
        Vcon.builder(id, OffsetDateTime.now(CLOCK))
            .subject("Order 42")
            .addParty(Party.builder().tel("+15551234567").name("Carol").type("customer").build())
            .addParty(Party.builder().mailto("agent@example.com").type("agent").build())
            .addDialog(
                Dialog.builder("text")
                    .start(OffsetDateTime.now(CLOCK))
                    .parties(0, 1)
                    .mediatype("text/plain")
                    .inlineText("Hello, I'd like to cancel.")
                    .build())
            .addAnalysis(
                Analysis.builder("summary", "conserver").dialog(0).inlineText("cancel").build())
            .build();

    String json = new String(vcon.toBytes(), StandardCharsets.UTF_8);
    assertThat(json)
        .startsWith(
            "{\"uuid\":\"" + id + "\",\"created_at\":\"2026-11-26T10:00:00.000Z\",\"subject\"");
    assertThat(Vcon.parse(vcon.toBytes())).isEqualTo(vcon);
    assertThat(vcon.parties().get(0).type()).contains("customer");
    assertThat(vcon.dialogs().get(0).bodyBytes())
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).contains("cancel"));
  }

  @Test
  void model_isImmutable_evenWhenTheCallerChangesTheJsonItGaveOrGot() {
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode) VconJson.codec().read("{\"uuid\":\"a\"}");
    Vcon vcon = Vcon.of(json);
    json.put("uuid", "changed");
    vcon.toJson().put("uuid", "changed too");

    assertThat(vcon.uuid()).isEqualTo("a");
  }

  @Test
  void multiChannelRecording_mapsEachChannelToItsParties() {
    Dialog dialog =
        Dialog.builder("recording").channels(List.of(List.of(0), List.of(1, 2), List.of())).build();

    assertThat(dialog.toJson().get("parties").toString()).isEqualTo("[0,[1,2],null]");
    assertThat(dialog.channels()).containsExactly(List.of(0), List.of(1, 2), List.of());
    assertThat(dialog.partyIndexes()).containsExactly(0, 1, 2);
  }

  @Test
  void inlineBytes_areBase64UrlWithoutPadding_andDecodeBack() {
    byte[] audio = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
    Dialog dialog = Dialog.builder("recording").mediatype("audio/x-wav").inlineBytes(audio).build();

    assertThat(dialog.text("body")).contains("AAEC_v8");
    assertThat(dialog.encoding()).contains("base64url");
    assertThat(dialog.bodyBytes()).hasValue(audio);
  }

  @Test
  void external_replacesInlineBody() {
    ContentHash hash = ContentHash.sha512("x".getBytes(StandardCharsets.UTF_8));
    Dialog dialog =
        Dialog.builder("recording")
            .inlineText("x")
            .external("https://media.example/x.wav", hash)
            .build();

    assertThat(dialog.isInline()).isFalse();
    assertThat(dialog.url()).contains("https://media.example/x.wav");
    assertThat(dialog.contentHashes()).containsExactly(hash.toString());
  }

  @Test
  void redactedCopy_pointsAtTheOriginal_withADeterministicUuid() {
    Vcon original = Vcon.parse(TestResources.bytes("wg/examples/ab_call_ext_rec.vcon"));

    Vcon first =
        original
            .redactedCopy("PII", CLOCK)
            .replace("parties", 0, JsonNodeFactory.instance.objectNode())
            .build();
    Vcon second = original.redactedCopy("PII", CLOCK).build();

    assertThat(first.uuid()).isEqualTo(second.uuid()).isNotEqualTo(original.uuid());
    assertThat(UUID.fromString(first.uuid()).version()).isEqualTo(8);
    VconReference reference = first.redacted().orElseThrow();
    assertThat(reference.uuid()).contains(original.uuid());
    assertThat(reference.type()).contains("PII");
    assertThat(reference.contentHashes()).containsExactly(original.contentHash().toString());
    assertThat(first.parties().get(0).name()).isEmpty();
    assertThat(first.parties()).hasSize(2);
    assertThat(first.amended()).isEmpty();
  }

  @Test
  void amendedCopy_keepsTheDataAndReferencesThePriorVersion() {
    Vcon original = Vcon.parse(TestResources.bytes("wg/examples/ab_call_ext_rec.vcon"));

    Vcon amended =
        original
            .amendedCopy("conserver.example", CLOCK)
            .addDialog(Dialog.builder("text").parties(1, 0).inlineText("Good day!").build())
            .build();

    assertThat(amended.amended().orElseThrow().uuid()).contains(original.uuid());
    assertThat(amended.dialogs()).hasSize(2);
    assertThat(amended.updatedAt()).contains(OffsetDateTime.now(CLOCK));
    assertThat(amended.redacted()).isEmpty();
  }

  @Test
  void signedDocument_isNotMistakenForAPlainVcon() {
    byte[] signed = TestResources.bytes("wg/examples/ab_call_ext_rec_signed.vcon");

    assertThatThrownBy(() -> Vcon.parse(signed))
        .isInstanceOf(VconException.class)
        .hasMessageContaining("signed");
    assertThat(VconForm.of(VconJson.codec().read(signed))).isEqualTo(VconForm.SIGNED);
    assertThat(
            VconForm.of(
                VconJson.codec()
                    .read(TestResources.bytes("wg/examples/ab_call_ext_rec_encrypted.vcon"))))
        .isEqualTo(VconForm.ENCRYPTED);
  }
}
