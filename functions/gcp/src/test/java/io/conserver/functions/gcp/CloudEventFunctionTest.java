package io.conserver.functions.gcp;

import static io.conserver.functions.gcp.GcsEvents.BUCKET;
import static io.conserver.functions.gcp.GcsEvents.JSON;
import static io.conserver.functions.gcp.GcsEvents.TENANT;
import static io.conserver.functions.gcp.GcsEvents.newUuid;
import static io.conserver.functions.gcp.GcsEvents.nextEventId;
import static io.conserver.functions.gcp.GcsEvents.outputKey;
import static io.conserver.functions.gcp.GcsEvents.vcon;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.gcp.FakeGcsServer;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.quarkus.google.cloud.functions.test.FunctionType;
import io.quarkus.google.cloud.functions.test.WithFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cloud Functions package's default export ({@code ingest-cloudevent}) run by the real Java
 * Functions Framework invoker (the Quarkus GCF test harness starts it on a free port) and called
 * over HTTP with the CloudEvents Eventarc sends a gen2 function: a Cloud Storage {@code
 * object.v1.finalized} event in binary mode (attributes in {@code ce-*} headers, the object
 * resource as the body) and a Pub/Sub {@code messagePublished} event whose message is a GCS
 * notification (structured mode here, to exercise both encodings).
 *
 * <p>The bucket is the real GCS adapter and google-cloud-storage client against {@link
 * FakeGcsServer} (platform-gcp's in-test server of the GCS JSON API, which enforces {@code
 * ifGenerationMatch}), reached from the function through the normal configuration ({@code
 * conserver.*} system properties, as Terraform sets {@code CONSERVER_*}); only the credentials
 * differ from a deployment (see {@link NoCredentialsGcsStoreProvider}). What is not proven:
 * Eventarc's delivery and retry policy, IAM, the real GCS service.
 */
@QuarkusTest
@WithFunction(value = FunctionType.FUNQY_CLOUD_EVENTS)
class CloudEventFunctionTest {

  private static FakeGcsServer gcs;
  private static BlobStore store;

  @BeforeAll
  static void bucket() throws IOException {
    gcs = FakeGcsServer.start(BUCKET, 1000);
    Map<String, String> settings =
        Map.of(
            "conserver.tenant",
            TENANT,
            "conserver.bucket",
            BUCKET,
            "conserver.store",
            "gcs-no-credentials",
            "conserver.pipeline",
            "default",
            "conserver.gcs.project",
            "conserver-acme",
            "conserver.gcs.host",
            gcs.endpoint());
    settings.forEach(System::setProperty);
    store =
        new NoCredentialsGcsStoreProvider().open(BUCKET, n -> Optional.ofNullable(settings.get(n)));
  }

  @AfterAll
  static void stop() {
    if (gcs != null) {
      assertThat(gcs.unsupported()).as("requests the fake does not implement").isEmpty();
      gcs.close();
    }
  }

  @Test
  void storageFinalizedEvent_ingestsTheObject_andARedeliveryWritesNothingTwice() {
    String uuid = newUuid();
    BlobMetadata object = drop("gcs/call 1+" + uuid + ".json", vcon(uuid, "[0,1]"));
    String eventId = nextEventId();

    postStorageEvent(eventId, object).then().statusCode(200);
    postStorageEvent(eventId, object).then().statusCode(200); // at-least-once delivery

    assertThat(outputsOf(uuid)).containsExactly(outputKey(uuid));
    assertThat(store.list("ledger/" + uuid + "/")).hasSize(1);
  }

  @Test
  void pubSubMessageCarryingAGcsNotification_ingestsTheObject() {
    String uuid = newUuid();
    BlobMetadata object = drop("pubsub/" + uuid + ".json", vcon(uuid, "[0,1]"));

    postPubSubEvent(object).then().statusCode(200);

    assertThat(outputsOf(uuid)).containsExactly(outputKey(uuid));
  }

  @Test
  void transientStoreFailure_failsTheInvocationSoEventarcRetries_thenSucceeds() {
    String uuid = newUuid();
    BlobMetadata object = drop("transient/" + uuid + ".json", vcon(uuid, "[0,1]"));
    String eventId = nextEventId();

    gcs.failNextRequest(503);
    postStorageEvent(eventId, object).then().statusCode(500);
    assertThat(store.head(outputKey(uuid))).isEmpty();
    // No delivery count from Eventarc: the attempt is counted in the bucket.
    assertThat(store.list("attempts/default/ingest/")).isNotEmpty();

    postStorageEvent(eventId, object).then().statusCode(200);
    assertThat(store.head(outputKey(uuid))).isPresent();
  }

  @Test
  void invalidVconAndUndecodableEvent_areQuarantinedAndAcknowledged() throws IOException {
    String uuid = newUuid();
    BlobMetadata invalid = drop("invalid/" + uuid + ".json", vcon(uuid, "[0,7]"));

    postStorageEvent(nextEventId(), invalid).then().statusCode(200);
    given()
        .port(invokerPort())
        .header("ce-id", nextEventId())
        .header("ce-specversion", "1.0")
        .header("ce-type", "google.cloud.storage.object.v1.finalized")
        .header("ce-source", "//storage.googleapis.com/projects/_/buckets/" + BUCKET)
        .contentType("application/json")
        .body("{\"bucket\":\"" + BUCKET + "\"}")
        .post("/")
        .then()
        .statusCode(200);

    assertThat(store.head(outputKey(uuid))).isEmpty();
    List<JsonNode> quarantine = quarantine();
    assertThat(quarantine)
        .anySatisfy(
            r -> {
              assertThat(r.at("/event/key").asText()).isEqualTo(invalid.key());
              assertThat(r.at("/error/details").toString()).contains("/dialog/0/parties/1");
            });
    assertThat(quarantine)
        .anySatisfy(r -> assertThat(r.at("/error/class").asText()).isEqualTo("UndecodableEvent"));
  }

  /** The invoker's port: configured as 0, the harness picks one and publishes it here. */
  private static int invokerPort() {
    return Integer.getInteger("quarkus.http.test-port");
  }

  // --- the bucket -------------------------------------------------------------------------------

  private static BlobMetadata drop(String name, byte[] json) {
    return store.putBytes("inbox/default/" + name, json, PutOptions.JSON);
  }

  private static Response postStorageEvent(String eventId, BlobMetadata object) {
    return GcsEvents.postStorageEvent(invokerPort(), eventId, object);
  }

  private static Response postPubSubEvent(BlobMetadata object) {
    return GcsEvents.postPubSubEvent(invokerPort(), object);
  }

  private static List<String> outputsOf(String uuid) {
    return store.list("vcons/default/ingest/").stream()
        .map(BlobMetadata::key)
        .filter(k -> k.contains(uuid))
        .toList();
  }

  private static List<JsonNode> quarantine() throws IOException {
    List<JsonNode> records = new java.util.ArrayList<>();
    for (BlobMetadata object : store.list("quarantine/default/ingest/")) {
      records.add(JSON.readTree(store.getBytes(object.key(), 1 << 20)));
    }
    return records;
  }
}
