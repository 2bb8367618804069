package io.conserver.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRefsTest {
  @Test
  void resolvesEnvAndConfig_andRefusesLiterals_withoutEchoingThem() throws Exception {
    SecretRefs refs =
        new SecretRefs(Map.of("PG", "jdbc:postgresql://db/x")::get, Map.of("sheets.key", "k")::get);
    assertThat(refs.resolve("jdbc_url_ref", "env:PG")).isEqualTo("jdbc:postgresql://db/x");
    assertThat(refs.resolve("key_ref", "config:sheets.key")).isEqualTo("k");
    assertThatThrownBy(() -> refs.resolve("jdbc_url_ref", "env:MISSING"))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessage("jdbc_url_ref env:MISSING is not set");
    assertThatThrownBy(() -> refs.resolve("secret_ref", "s3cr3t"))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessageContaining("never the secret itself")
        .hasMessageNotContaining("s3cr3t");
  }
}
