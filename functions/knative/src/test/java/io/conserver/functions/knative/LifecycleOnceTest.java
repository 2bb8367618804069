package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.lifecycle.LifecycleRuns;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestLifecycle;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CronJob's one-shot lifecycle run against the tenant's bucket on a real S3-compatible store
 * (s3proxy over TLS, {@link TestBucket}), configured as k8s-tenant configures the job. The run's
 * clock is set past the copy's retention, the one thing a test cannot wait for; the packaged run
 * ({@code PackagedLifecycleIT}) runs on the system clock.
 */
class LifecycleOnceTest {
  static final String PIPELINE = "lifecycle-once";

  private final TestBucket bucket = TestBucket.shared();
  private final KeyPair keys = ReceiptSigner.generateKeyPair();
  private final Map<String, String> settings = new HashMap<>();
  private String copy;

  @BeforeEach
  void setUp() {
    settings.putAll(bucket.settings());
    settings.put("conserver.pipelines-json", TestLifecycle.pipelines(PIPELINE));
    settings.put("conserver.party-index-key", Base64.getEncoder().encodeToString(new byte[32]));
    settings.put("conserver.receipt-key", ReceiptKeyPem.format(keys));
    Vcon vcon = TestVcons.vcon("lifecycle once");
    copy = "vcons/" + PIPELINE + "/ingest/" + vcon.uuid() + ".vcon.json";
    bucket.store().putBytes(copy, vcon.json(), PutOptions.JSON);
  }

  private Exit run(Instant at) {
    return Exit.of(
        new LifecycleOnce(
                new FunctionSettings(name -> Optional.ofNullable(settings.get(name))),
                Clock.fixed(at, ZoneOffset.UTC))
            ::run);
  }

  /** A run 31 days on: past the 30 days of retention. */
  private Instant dayAfterRetention() {
    return bucket.store().head(copy).orElseThrow().lastModified().plus(Duration.ofDays(31));
  }

  @Test
  void aCopyPastItsRetention_isExpired_withASignedReceipt_andTheRunExitsZero() throws Exception {
    Instant at = dayAfterRetention();

    Exit result = run(at);

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(bucket.store().head(copy)).isEmpty();
    assertThat(result.out().lines()).hasSize(1);
    JsonNode summary = KnativeEvents.JSON.readTree(result.out());
    assertThat(summary.path("status").asText()).isEqualTo("done");
    assertThat(summary.path("tenant").asText()).isEqualTo(TestBucket.TENANT);
    assertThat(summary.path("counts").toString()).contains("expired");
    String jws = new LifecycleRuns(bucket.store()).receipt(LifecycleRuns.runId(at)).orElseThrow();
    assertThat(ReceiptSigner.verify(jws, (ECPublicKey) keys.getPublic()).valid()).isTrue();
  }

  @Test
  void aCopyWithinItsRetention_isKept() {
    Exit result = run(dayAfterRetention().minus(Duration.ofDays(2)));

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(bucket.store().head(copy)).isPresent();
  }

  @Test
  void aMissingSetting_isOneLineNamingTheVariable_exitTwo_andNothingDeleted() {
    settings.remove("conserver.receipt-key");

    Exit result = run(dayAfterRetention().plus(Duration.ofDays(1)));

    assertThat(result.failure(OneShot.CONFIGURATION))
        .startsWith("lifecycle: configuration error:")
        .contains("CONSERVER_RECEIPT_KEY");
    assertThat(bucket.store().head(copy)).isPresent();
  }

  @Test
  void aStoreThatIsDown_isOneLine_exitOne_andTheCopyIsKept() {
    Instant at = dayAfterRetention().plus(Duration.ofDays(2));

    Exit result = Exit.withStoreDown(bucket, () -> run(at));

    assertThat(result.failure(OneShot.FAILED)).startsWith("lifecycle: the run did not complete");
    assertThat(bucket.store().head(copy)).isPresent();
  }
}
