package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Where the s3 store's credentials come from, tried against s3proxy, which checks signatures. */
class S3BlobStoreProviderTest {
  private static final S3ProxyServer SERVER = S3ProxyServer.shared();

  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("conserver.s3.endpoint", SERVER.endpoint().toString());
    return settings;
  }

  private static String bucket() {
    try (S3Client admin = SERVER.client()) {
      return S3ProxyServer.newBucket(admin);
    }
  }

  private static void roundTrip(BlobStore store) {
    store.putBytes("a/b.txt", "x".getBytes(StandardCharsets.UTF_8), PutOptions.BINARY);
    assertThat(store.getBytes("a/b.txt", 10)).containsExactly('x');
  }

  @Test
  void credentialsInTheEnvironment_asLambdaGivesThem_signTheRequests() {
    Map<String, String> env =
        Map.of(
            "AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
    Map<String, String> settings = settings();

    roundTrip(
        new S3BlobStoreProvider(env).open(bucket(), n -> Optional.ofNullable(settings.get(n))));
  }

  @Test
  void explicitSettings_winOverTheEnvironment() {
    Map<String, String> env =
        Map.of("AWS_ACCESS_KEY_ID", "someone-else", "AWS_SECRET_ACCESS_KEY", "not-the-secret");
    Map<String, String> settings = settings();
    settings.put("conserver.s3.access-key-id", S3ProxyServer.IDENTITY);
    settings.put("conserver.s3.secret-access-key", S3ProxyServer.CREDENTIAL);

    roundTrip(
        new S3BlobStoreProvider(env).open(bucket(), n -> Optional.ofNullable(settings.get(n))));
  }

  @Test
  void aKeyWithoutItsSecret_isAConfigurationError() {
    Map<String, String> settings = settings();
    settings.put("conserver.s3.access-key-id", S3ProxyServer.IDENTITY);

    assertThatThrownBy(
            () ->
                new S3BlobStoreProvider(Map.of())
                    .open("b", n -> Optional.ofNullable(settings.get(n))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("go together");
  }
}
