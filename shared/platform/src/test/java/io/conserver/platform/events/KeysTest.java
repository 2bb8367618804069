package io.conserver.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "inbox/default/x.json|inbox/default/x.json",
        "call+1%2B2.json|call 1+2.json",
        "a%2Fb|a/b",
        "Zo%C3%AB|Zoë",
        "%F0%9F%93%9E+call|📞 call",
        "%25|%",
        "++|'  '"
      })
  void formDecode_decodesFormEncoding(String encoded, String decoded) {
    assertThat(Keys.formDecode(encoded)).isEqualTo(decoded.replace("'", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b/ü.json", "1+2 = 3?", "x%y", "📞/☎ call & co.wav"})
  void formDecode_invertsJavaFormEncoding(String key) {
    assertThat(Keys.formDecode(URLEncoder.encode(key, StandardCharsets.UTF_8))).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "%G1", "a%2", "%%", "%C3", "%C3%28", "%FF", "%ED%A0%80"})
  void formDecode_refusesWhatIsNotFormEncodingOfUtf8(String encoded) {
    assertThatThrownBy(() -> Keys.formDecode(encoded)).isInstanceOf(BadEvent.class);
  }

  @Test
  void loneSurrogates_areFound() {
    assertThat(Keys.hasLoneSurrogate("a\uD83D")).isTrue();
    assertThat(Keys.hasLoneSurrogate("\uDCDEa")).isTrue();
    assertThat(Keys.hasLoneSurrogate("📞")).isFalse();
  }
}
