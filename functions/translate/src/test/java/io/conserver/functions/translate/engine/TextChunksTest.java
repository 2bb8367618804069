package io.conserver.functions.translate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunksTest {
  private static final String SENTENCES =
      "Hola, quiero cambiar la dirección. ¿Puede ayudarme? Gracias por su paciencia.";

  @Test
  void shortText_isOnePiece() {
    assertThat(TextChunks.byChars("hola", 100)).containsExactly("hola");
  }

  @Test
  void pieces_joinBackToTheText_andRespectTheByteLimit() {
    String text = SENTENCES.repeat(50);
    List<String> pieces = TextChunks.byUtf8Bytes(text, 200);
    assertThat(String.join("", pieces)).isEqualTo(text);
    assertThat(pieces)
        .allSatisfy(
            p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200));
  }

  @Test
  void breaks_atTheEndOfASentence_whenOneIsInReach() {
    List<String> pieces = TextChunks.byChars(SENTENCES, 60);
    assertThat(pieces.get(0)).isEqualTo("Hola, quiero cambiar la dirección. ¿Puede ayudarme? ");
  }

  @Test
  void breaks_atASpace_whenNoSentenceEndsInReach() {
    List<String> pieces = TextChunks.byChars("uno dos tres cuatro cinco seis", 10);
    assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(10));
    assertThat(pieces.get(0)).isEqualTo("uno dos ");
    assertThat(String.join("", pieces)).isEqualTo("uno dos tres cuatro cinco seis");
  }

  @Test
  void neverSplitsASurrogatePair() {
    String text = "😀".repeat(20); // 2 chars, 4 UTF-8 bytes each
    for (String piece : TextChunks.byChars(text, 5)) {
      assertThat(Character.isLowSurrogate(piece.charAt(0))).isFalse();
    }
    for (String piece : TextChunks.byUtf8Bytes(text, 6)) {
      assertThat(piece).isEqualTo("😀");
    }
  }
}
