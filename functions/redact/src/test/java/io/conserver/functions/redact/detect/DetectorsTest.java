package io.conserver.functions.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorsTest {
  private static List<String> found(String text, String... parties) {
    TokenText t = TokenText.of(text);
    return Detectors.all().scan(t, new DetectionContext(List.of(parties))).stream()
        .map(d -> d.type() + "=" + text.substring(d.start(), d.end()))
        .toList();
  }

  @Test
  void cards_writtenOrSpoken_withOhAndDouble_areLuhnChecked() {
    assertThat(found("card 4111-1111-1111-1111 exp 04/27"))
        .containsExactly("CARD=4111-1111-1111-1111");
    assertThat(found("it is four one double one one one one one one one one one one one one one"))
        .containsExactly(
            "CARD=four one double one one one one one one one one one one one one one");
    assertThat(found("amex 3782 822463 10005 thanks")).containsExactly("CARD=3782 822463 10005");
    // 16 digits failing Luhn with no card cue: not a card (nor anything else).
    assertThat(found("reference 4111 1111 1111 1112")).isEmpty();
    // ... but after a card cue, one misheard digit does not let the number through.
    assertThat(found("my card is 4111 1111 1111 1112")).containsExactly("CARD=4111 1111 1111 1112");
  }

  @Test
  void phones_e164_national_spoken() {
    assertThat(found("call +1 (415) 555-0177 today")).containsExactly("PHONE=+1 (415) 555-0177");
    assertThat(found("ring 020 7946 0958")).containsExactly("PHONE=020 7946 0958");
    assertThat(found("it's plus four four seven seven double oh nine oh oh one two three"))
        .containsExactly("PHONE=plus four four seven seven double oh nine oh oh one two three");
    assertThat(found("call me on five five five oh one two three"))
        .containsExactly("PHONE=five five five oh one two three");
    assertThat(found("my order number is five five five oh one two three")).isEmpty();
  }

  @Test
  void emails_writtenAndSpoken() {
    assertThat(found("mail Carol.Jones@Example.net."))
        .containsExactly("EMAIL=Carol.Jones@Example.net");
    assertThat(found("it's john dot smith at example dot com okay"))
        .containsExactly("EMAIL=john dot smith at example dot com");
    assertThat(found("let's meet at noon")).isEmpty();
  }

  @Test
  void ssn_ibans_datesOfBirth_addresses() {
    assertThat(found("SSN 123-45-6789")).containsExactly("SSN=123-45-6789");
    assertThat(found("my social is one two three four five six seven eight nine"))
        .containsExactly("SSN=one two three four five six seven eight nine");
    assertThat(found("invalid 666-45-6789 area")).isEmpty();
    assertThat(found("IBAN GB82 WEST 1234 5698 7654 32 please"))
        .containsExactly("IBAN=GB82 WEST 1234 5698 7654 32");
    // A wrong check digit is no IBAN (its digits may still look like a phone number).
    assertThat(found("IBAN GB82 WEST 1234 5698 7654 33")).noneMatch(f -> f.startsWith("IBAN"));
    assertThat(found("I was born on March 14, 1985 in Ohio")).containsExactly("DOB=March 14, 1985");
    assertThat(found("the delivery is on March 14, 1985")).isEmpty();
    assertThat(found("we moved to 12 Harbor Street, Springfield"))
        .containsExactly("ADDRESS=12 Harbor Street");
    assertThat(found("i live at forty two maple avenue"))
        .containsExactly("ADDRESS=forty two maple avenue");
  }

  @Test
  void partyNames_fullAndParts_caseInsensitive_rolesSkipped() {
    assertThat(
            found(
                "thanks carol, Jones is fine; Carol Jones. our agent", "Carol Jones", "Dana Agent"))
        .containsExactly("NAME=carol", "NAME=Jones", "NAME=Carol Jones");
  }

  @Test
  void overlaps_mergeIntoOneSpan_typedAfterTheLonger() {
    assertThat(found("write to carol dot jones at example dot com", "Carol Jones"))
        .containsExactly("EMAIL=carol dot jones at example dot com");
  }

  @Test
  void unknownDetector_isNamed() {
    assertThatThrownBy(() -> Detectors.named(List.of("card", "passport")))
        .hasMessageContaining("unknown detector 'passport'");
  }
}
