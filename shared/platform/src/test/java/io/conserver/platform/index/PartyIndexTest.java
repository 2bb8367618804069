package io.conserver.platform.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartyIndexTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private static Vcon conversation(String uuid, Party... parties) {
    Vcon.Builder builder =
        Vcon.builder(UUID.fromString(uuid), OffsetDateTime.parse("2026-11-26T10:00:00Z"));
    for (Party party : parties) {
      builder.addParty(party);
    }
    return builder.build();
  }

  @ParameterizedTest
  @CsvSource({
    "'tel:+1-555-123-4567;ext=12', tel:+15551234567",
    "'+1 (555) 123 4567', tel:+15551234567",
    "'0044 20 7946 0000', tel:+442079460000",
  })
  void telephoneNumbers_normaliseToE164Digits(String raw, String expected) {
    assertThat(PartyIdentifiers.tel(raw)).contains(expected);
  }

  @Test
  void emailsAndNames_normaliseCaseAndForm() {
    assertThat(PartyIdentifiers.mailto("mailto:Carol.Jones@Example.NET"))
        .contains("mailto:carol.jones@example.net");
    assertThat(PartyIdentifiers.mailto("Carol <CAROL@example.net>"))
        .contains("mailto:carol@example.net");
    assertThat(PartyIdentifiers.name("  Carol   JONES ")).contains("name:carol jones");
    assertThat(PartyIdentifiers.parse("MAILTO:Carol@Example.net"))
        .contains("mailto:carol@example.net");
    assertThat(PartyIdentifiers.parse("carol")).isEmpty();
  }

  @Test
  void everyConversationOfAPerson_isFound_underAnyFormOfTheirIdentifier() {
    FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m"));
    PartyIndex index = new PartyIndex(store, KEY);
    String first = "019f15a6-a752-826f-b9a2-279e0d16bc01";
    String second = "019f15a6-a752-826f-b9a2-279e0d16bc02";
    index.index(conversation(first, Party.builder().tel("+15551234567").name("Carol").build()));
    index.index(
        conversation(
            second,
            Party.builder().tel("tel:+1-555-123-4567").mailto("carol@example.net").build()));
    index.index(
        conversation(
            "019f15a6-a752-826f-b9a2-279e0d16bc03", Party.builder().tel("+15550000000").build()));

    assertThat(index.conversationsOf("tel:+1 555 123 4567"))
        .containsExactlyInAnyOrder(first, second);
    assertThat(index.conversationsOf("mailto:CAROL@example.net")).containsExactly(second);
    assertThat(index.conversationsOf("name:carol")).containsExactly(first);
  }

  @Test
  void reindexing_addsNothing_andTheIdentifierIsNeverStoredInClear() throws Exception {
    FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m"));
    PartyIndex index = new PartyIndex(store, KEY);
    Vcon vcon =
        conversation(
            "019f15a6-a752-826f-b9a2-279e0d16bc01",
            Party.builder().tel("+15551234567").mailto("carol@example.net").build());

    assertThat(index.index(vcon)).isEqualTo(2);
    assertThat(index.index(vcon)).isZero();

    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(Path::toString))
          .noneMatch(p -> p.contains("5551234567") || p.contains("carol"));
    }
    assertThat(
            new PartyIndex(
                    store, "another-key-another-key-another!!".getBytes(StandardCharsets.US_ASCII))
                .conversationsOf("tel:+15551234567"))
        .isEmpty();
  }

  @Test
  void shortKeys_andUnknownIdentifierForms_areRefused() {
    FileSystemBlobStore store = new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m"));
    assertThatThrownBy(() -> new PartyIndex(store, new byte[8]))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> new PartyIndex(store, KEY).conversationsOf("5551234567"))
        .hasMessageContaining("not a party identifier");
  }
}
