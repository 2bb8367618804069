package io.conserver.functions.knative;

import static io.conserver.functions.knative.KnativeEvents.binary;
import static io.conserver.functions.knative.KnativeEvents.nextId;
import static io.conserver.functions.knative.KnativeEvents.request;
import static io.conserver.functions.knative.KnativeEvents.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.S3Notifications;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Knative package's default function ({@code ingest-knative}) behind the real Funqy Knative
 * Events HTTP binding (Quarkus in test mode, a free port), called with the CloudEvents a Knative
 * {@code KafkaSource} sends (see {@link KnativeEvents}) whose data is the MinIO bucket notification
 * of an object put first to an S3-compatible store (s3proxy over TLS with a self-signed CA, path
 * style, reached through the production S3 adapter configured by {@code conserver.s3.*}).
 *
 * <p>Proves: both CloudEvent encodings reach the stage; a 2xx acknowledges (written, duplicate,
 * quarantined) and only a transient failure answers 5xx so Knative redelivers; redelivery writes
 * nothing twice; retries are bounded by attempt markers in the bucket (Knative gives no delivery
 * count). Does not prove Knative itself (its retry/backoff, the dead-letter sink), MinIO or Ceph.
 */
@QuarkusTest
class KnativeFunctionTest {
  private static TestBucket bucket;
  private static BlobStore store;

  @BeforeAll
  static void bucket() {
    bucket = TestBucket.shared();
    store = bucket.store();
  }

  private static BlobMetadata drop(String name, Vcon vcon) {
    return store.putBytes("inbox/default/" + name, vcon.json(), PutOptions.JSON);
  }

  private static String minio(BlobMetadata object) {
    return S3Notifications.minioNotification(TestBucket.BUCKET, object);
  }

  private static String output(String uuid) {
    return TestVcons.outputKey("ingest", uuid);
  }

  /** The quarantine record that names {@code object} as its input. */
  private static String quarantineRecordOf(BlobMetadata object) {
    return store.list("quarantine/default/ingest/").stream()
        .map(q -> new String(store.getBytes(q.key(), 1 << 20), StandardCharsets.UTF_8))
        .filter(record -> record.contains("\"" + object.key() + "\""))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no quarantine record for " + object.key()));
  }

  @Test
  void binaryMode_isIngested_andARedeliveryWritesNothingTwice() {
    Vcon vcon = TestVcons.vcon("binary mode");
    BlobMetadata object = drop("knative/call 1+" + vcon.uuid() + ".json", vcon);
    String id = nextId();

    binary(request(), id, minio(object)).then().statusCode(204);
    assertThat(store.head(output(vcon.uuid()))).isPresent();

    // Knative delivers at least once: the same event again.
    binary(request(), id, minio(object)).then().statusCode(204);
    assertThat(store.list("vcons/default/ingest/"))
        .filteredOn(o -> o.key().contains(vcon.uuid()))
        .hasSize(1);
    assertThat(store.list("ledger/" + vcon.uuid() + "/")).hasSize(1);
  }

  @Test
  void structuredMode_isIngested() {
    Vcon vcon = TestVcons.vcon("structured mode");
    BlobMetadata object = drop("knative/" + vcon.uuid() + ".json", vcon);

    structured(request(), nextId(), minio(object)).then().statusCode(204);

    assertThat(store.head(output(vcon.uuid()))).isPresent();
  }

  @Test
  void invalidVcon_isQuarantinedAndAcknowledged_theInputKept() {
    Vcon invalid = TestVcons.malformedVcon();
    BlobMetadata object = drop("knative/" + invalid.uuid() + ".json", invalid);

    binary(request(), nextId(), minio(object)).then().statusCode(204);

    assertThat(store.head(output(invalid.uuid()))).isEmpty();
    assertThat(quarantineRecordOf(object)).contains("party index 7");
    assertThat(store.head(object.key())).isPresent();
  }

  @Test
  void poisonNotification_isQuarantinedAndAcknowledged() {
    String cutShort = "{\"Records\":[{\"eventSource\":\"minio:s3\",\"s3\":{\"object\":{}}}]}";
    int before = store.list("quarantine/default/ingest/event-").size();

    binary(request(), nextId(), cutShort).then().statusCode(204);

    assertThat(store.list("quarantine/default/ingest/event-")).hasSize(before + 1);
  }

  @Test
  void storeUnavailable_answers500SoKnativeRedelivers_thenQuarantinesAtTheBound() {
    Vcon vcon = TestVcons.vcon("store unavailable");
    BlobMetadata object = drop("knative/" + vcon.uuid() + ".json", vcon);
    int attemptsBefore = store.list("attempts/default/ingest/").size();
    bucket.unavailable.add(object.key());
    try {
      String id = nextId();
      // The default pipeline's ingest allows 3 deliveries; attempts are counted in the bucket.
      binary(request(), id, minio(object)).then().statusCode(500);
      binary(request(), id, minio(object)).then().statusCode(500);
      binary(request(), id, minio(object)).then().statusCode(204);
    } finally {
      bucket.unavailable.remove(object.key());
    }
    assertThat(store.list("attempts/default/ingest/")).hasSize(attemptsBefore + 3);
    assertThat(quarantineRecordOf(object)).contains("\"attempt\":3").contains("HTTP 503");
    assertThat(store.head(output(vcon.uuid()))).isEmpty();
  }
}
