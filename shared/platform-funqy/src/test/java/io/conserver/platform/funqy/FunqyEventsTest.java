package io.conserver.platform.funqy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding-independent glue, with the file store: raw JSON batches and CloudEvents. */
class FunqyEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE =
      "{\"name\":\"default\",\"stages\":[{\"name\":\"ingest\",\"function\":\"echo\",\"max_receive_count\":2}]}";

  @TempDir Path root;
  private StageFunctions functions;
  private BlobStore store;

  @BeforeEach
  void setUp() {
    Map<String, String> config =
        Map.of(
            "conserver.tenant", "acme",
            "conserver.bucket", "acme-bucket",
            "conserver.store", "file",
            "conserver.file.root", root.toString(),
            "conserver.pipeline-json", PIPELINE);
    functions =
        new StageFunctions(
            new FunctionSettings(name -> Optional.ofNullable(config.get(name))), Clock.systemUTC());
    store = functions.store();
  }

  private void put(String key, String uuidTail, String subject) {
    store.putBytes(
        key,
        ("{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc"
                + uuidTail
                + "\",\"created_at\":\"2026-11-26T09:00:00Z\",\"subject\":\""
                + subject
                + "\"}")
            .getBytes(StandardCharsets.UTF_8),
        PutOptions.JSON);
  }

  private static String s3Body(String key) {
    return "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"acme-bucket\"},"
        + "\"object\":{\"key\":\""
        + key
        + "\",\"size\":1,\"eTag\":\"e\"}}}]}";
  }

  private static Map<String, Object> sqsRecord(String id, String body) {
    return Map.of(
        "messageId",
        id,
        "receiptHandle",
        "r",
        "body",
        body,
        "eventSource",
        "aws:sqs",
        "attributes",
        Map.of("ApproximateReceiveCount", "1"));
  }

  @Test
  void sqsBatch_reportsOnlyTheTransientFailureAsABatchItemFailure() {
    put("inbox/default/good.json", "01", "fine");
    put("inbox/default/flaky.json", "02", "flaky");
    var batch =
        JSON.valueToTree(
            Map.of(
                "Records",
                java.util.List.of(
                    sqsRecord("m-good", s3Body("inbox/default/good.json")),
                    sqsRecord("m-poison", "{\"not\":\"an event\"}"),
                    sqsRecord("m-flaky", s3Body("inbox/default/flaky.json")))));

    BatchResponse response =
        FunqyEvents.handleJson(functions, "echo", (com.fasterxml.jackson.databind.JsonNode) batch);

    assertThat(response.batchItemFailures())
        .extracting(BatchResponse.ItemFailure::itemIdentifier)
        .containsExactly("m-flaky");
    assertThat(store.list("vcons/default/ingest/")).hasSize(1);
    assertThat(store.list("quarantine/default/ingest/")).hasSize(1);
  }

  @Test
  void directInvokeThatMustBeRetried_throwsSoTheInvocationIsRetried() throws Exception {
    put("inbox/default/flaky.json", "02", "flaky");

    assertThatThrownBy(
            () ->
                FunqyEvents.handleJson(
                    functions,
                    "echo",
                    JSON.readTree(
                        "{\"bucket\":\"acme-bucket\",\"key\":\"inbox/default/flaky.json\"}")))
        .isInstanceOf(FunqyEvents.RetryLater.class);
  }

  @Test
  void
      gcsCloudEvent_runsTheStage_andATransientFailureThrowsUntilTheBucketCountedBoundQuarantines() {
    put("inbox/default/good.json", "01", "fine");
    put("inbox/default/flaky.json", "02", "flaky");

    FunqyEvents.handleCloudEvent(functions, "echo", finalized("inbox/default/good.json"));
    assertThat(store.list("vcons/default/ingest/")).hasSize(1);

    assertThatThrownBy(
            () ->
                FunqyEvents.handleCloudEvent(
                    functions, "echo", finalized("inbox/default/flaky.json")))
        .isInstanceOf(FunqyEvents.RetryLater.class);
    FunqyEvents.handleCloudEvent(
        functions, "echo", finalized("inbox/default/flaky.json")); // 2nd attempt: bound reached
    assertThat(store.list("attempts/default/ingest/")).hasSize(2);
    assertThat(store.list("quarantine/default/ingest/")).hasSize(1);
  }

  @Test
  void missingConfiguration_namesTheEnvironmentVariable() {
    StageFunctions unconfigured =
        new StageFunctions(new FunctionSettings(name -> Optional.empty()), Clock.systemUTC());

    assertThatThrownBy(() -> unconfigured.trigger("echo")).hasMessageContaining("CONSERVER_TENANT");
  }

  private static io.cloudevents.CloudEvent finalized(String name) {
    String data =
        "{\"bucket\":\"acme-bucket\",\"name\":\""
            + name
            + "\",\"size\":\"10\",\"generation\":\"1700000000000001\",\"metageneration\":\"1\"}";
    return CloudEventBuilder.v1()
        .withId("evt-" + name.hashCode())
        .withType("google.cloud.storage.object.v1.finalized")
        .withSource(URI.create("//storage.googleapis.com/projects/_/buckets/acme-bucket"))
        .withSubject("objects/" + name)
        .withDataContentType("application/json")
        .withData(data.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
