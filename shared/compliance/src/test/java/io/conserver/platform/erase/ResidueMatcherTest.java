package io.conserver.platform.erase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResidueMatcherTest {
  private final ResidueMatcher phone = ResidueMatcher.forIdentifier("tel:+15551234567");
  private final ResidueMatcher email =
      ResidueMatcher.forIdentifier("mailto:Carol.Jones@Example.net");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"tel\":\"+15551234567\"}",
        "call me on +1 (555) 123-4567 tomorrow",
        "555.123.4567",
        "national 5551234567",
        "trunk form 1-555-123-4567",
        "with spaces 555 123 4567"
      })
  void phone_writtenForms_areFound(String text) {
    assertThat(phone.find(text)).containsExactly("phone");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "my number is five five five one two three four five six seven|phone-spoken",
        "Five Five Five, one two three, four five six seven|phone-spoken",
        "five double five one two three four five six seven|phone-spoken",
        "area code five five five dash one two three dash four five six seven|phone-spoken",
        "one five five five one two three four five six seven|phone-spoken"
      })
  void phone_spokenInTranscripts_isFound(String text, String form) {
    assertThat(phone.find(text)).containsExactly(form);
  }

  @Test
  void phone_urlEncoded_isFound() {
    assertThat(phone.find("tel:%2B1%20555%20123%204567")).containsExactly("phone-url-encoded");
    // '%2B' followed by the digits reads as a longer run that still holds the number.
    assertThat(phone.find("/v1/acme/vcons?party=tel%3A%2B15551234567")).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+15551234568",
        "555123456",
        "five five five one two three four five six eight",
        "timestamp 2026-11-26T10:00:00Z duration 123.4567",
        "5551234 and 567 are different numbers"
      })
  void phone_otherNumbers_areNotFound(String text) {
    assertThat(phone.find(text)).isEmpty();
  }

  @Test
  void email_anyCase_urlEncoded_andSpoken_areFound() {
    assertThat(email.find("From: CAROL.JONES@EXAMPLE.NET")).containsExactly("email");
    assertThat(email.find("?party=mailto%3Acarol.jones%40example.net"))
        .containsExactly("email-url-encoded");
    assertThat(email.find("it's carol dot jones at example dot net"))
        .containsExactly("email-spoken");
    assertThat(email.find("carol.jonesy@example.net is someone else")).isEmpty();
  }

  @Test
  void names_matchAsWholeWordsInAnySpacing() {
    ResidueMatcher name = ResidueMatcher.forIdentifier("name:Carol Jones");
    assertThat(name.find("Hi CAROL   jones!")).containsExactly("name");
    assertThat(name.find("carol+jones")).containsExactly("name");
    assertThat(name.find("caroljones and Carolina Jonesboro")).isEmpty();
  }

  @Test
  void nationalNumbers_dropTheCountryCode() {
    assertThat(ResidueMatcher.nationalNumber("15551234567")).isEqualTo("5551234567");
    assertThat(ResidueMatcher.nationalNumber("442079460000")).isEqualTo("2079460000");
    assertThat(ResidueMatcher.nationalNumber("353861234567")).isEqualTo("861234567");
    // A UK number in national form with its trunk prefix is still found.
    assertThat(ResidueMatcher.forIdentifier("tel:+442079460000").find("020 7946 0000"))
        .containsExactly("phone");
  }

  @Test
  void notAnIdentifier_isAClearError() {
    assertThatThrownBy(() -> ResidueMatcher.forIdentifier("5551234567"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tel:");
  }
}
