package io.conserver.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A setting holding a secret or a reference to it; the store's own resolvers are tested apart. */
class SecretValuesTest {
  static final Predicate<String> PEM = v -> v.startsWith("-----BEGIN ");

  /** A store keyed by {@code vault:NAME}, failing on demand, counting its reads. */
  static final class Vault implements SecretValueResolver {
    final List<String> reads = new ArrayList<>();
    boolean refuse;

    @Override
    public boolean claims(String value) {
      return value.startsWith("vault:");
    }

    @Override
    public String form() {
      return "vault:NAME";
    }

    @Override
    public String resolve(String setting, String reference) throws SecretReferenceException {
      reads.add(reference);
      if (refuse) {
        throw new SecretReferenceException(setting + ": " + reference + " may not be read");
      }
      return "-----BEGIN KEY----- of " + reference.substring(6);
    }
  }

  @Test
  void theSecretItself_isReturnedAsItIs() throws Exception {
    Vault vault = new Vault();
    assertThat(new SecretValues(List.of(vault)).resolve("s", "-----BEGIN KEY-----", PEM))
        .isEqualTo("-----BEGIN KEY-----");
    assertThat(vault.reads).isEmpty();
  }

  @Test
  void aReference_isFetchedOncePerProcess() throws Exception {
    Vault vault = new Vault();
    SecretValues values = new SecretValues(List.of(vault));

    assertThat(values.resolve("s", "vault:a", PEM)).isEqualTo("-----BEGIN KEY----- of a");
    assertThat(values.resolve("s", " vault:a\n", PEM)).isEqualTo("-----BEGIN KEY----- of a");
    assertThat(values.resolve("s", "vault:b", PEM)).isEqualTo("-----BEGIN KEY----- of b");
    assertThat(vault.reads).containsExactly("vault:a", "vault:b");
  }

  @Test
  void aRefusal_isNotKept_soTheNextInvocationTriesAgain() throws Exception {
    Vault vault = new Vault();
    SecretValues values = new SecretValues(List.of(vault));
    vault.refuse = true;

    assertThatThrownBy(() -> values.resolve("s", "vault:a", PEM))
        .isInstanceOf(SecretReferenceException.class);
    vault.refuse = false;
    assertThat(values.resolve("s", "vault:a", PEM)).isEqualTo("-----BEGIN KEY----- of a");
    assertThat(vault.reads).hasSize(2);
  }

  @Test
  void neitherTheSecretNorAClaimedReference_namesTheSettingAndTheForms_notTheValue() {
    assertThatThrownBy(
            () -> new SecretValues(List.of(new Vault())).resolve("my.key", "hunter2", PEM))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessage(
            "my.key holds neither the secret itself nor a reference this package can resolve"
                + " (vault:NAME)");
    assertThatThrownBy(() -> new SecretValues(List.of()).resolve("my.key", "vault:a", PEM))
        .hasMessage(
            "my.key holds neither the secret itself nor a reference this package can resolve");
  }
}
