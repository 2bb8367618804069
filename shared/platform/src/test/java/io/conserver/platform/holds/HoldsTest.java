package io.conserver.platform.holds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.storage.FileSystemBlobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoldsTest {
  private static final String CONVERSATION = "019f15a6-a752-826f-b9a2-279e0d16bc46";
  private static final String OTHER = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b";
  private static final String PARTY = "a".repeat(64);
  private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path dir;
  private Holds holds;

  @BeforeEach
  void setUp() {
    holds = new Holds(new FileSystemBlobStore("b", dir.resolve("b"), dir.resolve("m")));
  }

  @Test
  void conversationHold_blocksThatConversationOnly_untilReleased() {
    Hold hold = holds.holdConversation(CONVERSATION, "CASE-7", "litigation 2026-7", AT);

    assertThat(hold.id()).isEqualTo("conversation/" + CONVERSATION + "/CASE-7");
    assertThat(holds.blocking(CONVERSATION, List.of())).containsExactly(hold);
    assertThat(holds.blocking(OTHER, List.of())).isEmpty();
    assertThat(holds.blocking(CONVERSATION.toUpperCase(java.util.Locale.ROOT), List.of()))
        .containsExactly(hold);
    assertThat(holds.blocking("not-a-uuid", List.of())).isEmpty();
    assertThat(holds.release(hold.id())).isTrue();
    assertThat(holds.blocking(CONVERSATION, List.of())).isEmpty();
    assertThat(holds.release(hold.id())).isFalse();
  }

  @Test
  void partyHold_blocksEveryConversationWithThatParty() {
    Hold hold = holds.holdParty(PARTY, "CASE-8", "regulator request", AT);

    assertThat(holds.blocking(OTHER, List.of("b".repeat(64), PARTY))).containsExactly(hold);
    assertThat(holds.blocking(OTHER, List.of("b".repeat(64)))).isEmpty();
    assertThat(holds.list()).containsExactly(hold);
  }

  @Test
  void settingTheSameHoldTwice_keepsTheFirst() {
    Hold first = holds.holdConversation(CONVERSATION, "CASE-7", "first", AT);
    Hold again = holds.holdConversation(CONVERSATION, "CASE-7", "second", AT.plusSeconds(5));

    assertThat(again).isEqualTo(first);
    assertThat(holds.list()).hasSize(1);
  }

  @Test
  void badInput_isRefusedWithAClearMessage() {
    assertThatThrownBy(() -> holds.holdConversation("../etc", "C", "r", AT))
        .hasMessageContaining("conversation uuid");
    assertThatThrownBy(() -> holds.holdParty("tel:+15551234567", "C", "r", AT))
        .hasMessageContaining("party HMAC");
    assertThatThrownBy(() -> holds.holdConversation(CONVERSATION, "C", " ", AT))
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> holds.release("holds/../../x")).hasMessageContaining("not a hold id");
  }
}
