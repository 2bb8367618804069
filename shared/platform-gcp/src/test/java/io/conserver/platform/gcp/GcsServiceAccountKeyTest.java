package io.conserver.platform.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bucket written from outside Google Cloud (an export-to-cloud stage on premises): the {@code
 * gcs} provider given {@value GcsBlobStoreProvider#SERVICE_ACCOUNT_KEY} signs in with that key
 * instead of Application Default Credentials, and every request carries the token it got for it.
 */
class GcsServiceAccountKeyTest {
  private static FakeGcsServer gcs;
  private static FakeGoogleToken token;

  @BeforeAll
  static void start() throws Exception {
    gcs = FakeGcsServer.start(GcsTestStores.BUCKET, 1000);
    token = FakeGoogleToken.start();
  }

  @AfterAll
  static void stop() {
    gcs.close();
    token.close();
  }

  private static BlobStore open(String key) {
    Map<String, String> settings =
        Map.of(
            "conserver.gcs.project",
            "conserver-acme",
            "conserver.gcs.host",
            gcs.endpoint(),
            GcsBlobStoreProvider.SERVICE_ACCOUNT_KEY,
            key);
    return new GcsBlobStoreProvider()
        .open(GcsTestStores.BUCKET, n -> Optional.ofNullable(settings.get(n)));
  }

  @Test
  void theKey_isExchangedForAToken_thatEveryRequestCarries() {
    BlobStore store = open(token.serviceAccountKey("conserver-acme"));
    byte[] body = "{\"vcon\":\"0.3.0\"}".getBytes(StandardCharsets.UTF_8);
    gcs.clearRequests();

    store.putBytes("inbox/hybrid-cloud/a.vcon.json", body, PutOptions.JSON);

    assertThat(store.getBytes("inbox/hybrid-cloud/a.vcon.json", 1024)).isEqualTo(body);
    assertThat(token.requests()).as("the JWT grant was exchanged").isPositive();
    assertThat(gcs.requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer test-token"));
  }

  @Test
  void somethingElse_isRefusedWithoutRepeatingIt() {
    String notAKey = "{\"type\":\"authorized_user\",\"refresh_token\":\"do-not-print-me\"}";

    assertThatThrownBy(() -> open(notAKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Google service-account key")
        .hasMessageNotContaining("do-not-print-me");
  }
}
