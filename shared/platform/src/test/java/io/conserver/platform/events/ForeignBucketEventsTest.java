package io.conserver.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.StageTrigger;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tenant isolation on the function path: a stage deployed for tenant {@code globex} receives every
 * event shape the decoder knows, each naming tenant {@code acme}'s bucket (the samples of {@code
 * events/}). The object each event names exists in both buckets, so a stage that trusted the
 * event's key alone would find something to process in its own bucket. It must process nothing,
 * write nothing (no output, no quarantine record that would copy acme's keys into globex's bucket),
 * never touch acme's bucket, acknowledge the delivery (no redelivery loop) and log why.
 */
class ForeignBucketEventsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          "{\"name\":\"default\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"}]}"
              .getBytes(StandardCharsets.UTF_8),
          "test");
  private static final Transformation PASS =
      new Transformation() {
        @Override
        public String function() {
          return "ingest";
        }

        @Override
        public StageResult apply(io.conserver.platform.runner.StageInput input) throws Exception {
          return StageResult.of(input.vcon());
        }
      };

  @TempDir Path dir;
  private FileSystemBlobStore acme;
  private FileSystemBlobStore globex;
  private final List<String> warnings = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void buckets() {
    acme = new FileSystemBlobStore("conserver-acme", dir.resolve("acme"), dir.resolve("acme-m"));
    globex =
        new FileSystemBlobStore("conserver-globex", dir.resolve("globex"), dir.resolve("globex-m"));
    Logger.getLogger(StageRunner.class.getName()).addHandler(capture);
  }

  @AfterEach
  void stopCapture() {
    Logger.getLogger(StageRunner.class.getName()).removeHandler(capture);
  }

  private static StageTrigger trigger(String tenant, FileSystemBlobStore store) {
    StageRunner runner = new StageRunner(store, tenant, PIPELINE, "ingest", PASS, CLOCK);
    return new StageTrigger(runner, store, tenant, "default", CLOCK);
  }

  /** Puts a valid vCon at every key the sample names, in both tenants' buckets. */
  private List<ObjectCreated> plant(Samples.Request request) {
    List<ObjectCreated> named = new ArrayList<>();
    int n = 0;
    for (Delivery delivery : request.decode()) {
      if (delivery.outcome() instanceof Outcome.Objects objects) {
        for (ObjectCreated object : objects.objects()) {
          String uuid = String.format("019f15a6-a752-826f-b9a2-279e0d16bc%02d", n++);
          byte[] vcon =
              ("{\"uuid\":\"" + uuid + "\",\"created_at\":\"2026-11-26T09:00:00Z\"}")
                  .getBytes(StandardCharsets.UTF_8);
          acme.putBytes(object.key(), vcon, PutOptions.JSON);
          globex.putBytes(object.key(), vcon, PutOptions.JSON);
          named.add(object);
        }
      }
    }
    return named;
  }

  private static List<String> keys(FileSystemBlobStore store) {
    return store.list("").stream().map(BlobMetadata::key).sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3-put.json", // S3 notification, direct to Lambda
        "sqs-s3-batch.json", // SQS-wrapped S3 notifications (one record is cut short)
        "sqs-sns-s3.json", // SQS around SNS around S3
        "eventbridge-object-created.json",
        "gcs-finalized-structured.json", // GCS CloudEvent, structured mode
        "gcs-finalized-binary.json", // GCS CloudEvent, binary mode (Eventarc)
        "pubsub-push-gcs.json", // Pub/Sub push
        "cloudevent-pubsub-gcs.json", // Eventarc Pub/Sub CloudEvent
        "minio-webhook.json", // MinIO webhook; also the Kafka and NATS record value
        "knative-kafka-minio.json", // Knative KafkaSource CloudEvent
        "direct-invoke.json"
      })
  void anEventNamingAnotherTenantsBucket_isIgnoredWithAReason_andNothingIsWritten(String sample) {
    Samples.Request request = Samples.request(sample);
    List<ObjectCreated> named = plant(request);
    assertThat(named).isNotEmpty().allMatch(o -> o.bucket().equals("conserver-acme"));
    List<String> acmeBefore = keys(acme);
    List<String> globexBefore = keys(globex);

    // As the Lambda, Cloud Functions and Knative entry points deliver it, then as the Kafka and
    // NATS consumers do (with the transport's delivery count).
    List<StageTrigger.DeliveryResult> results =
        new ArrayList<>(trigger("globex", globex).handle(request.body(), request.headers()));
    results.addAll(trigger("globex", globex).handle(request.body(), request.headers(), 3));

    List<StageOutcome> outcomes =
        results.stream().flatMap(r -> r.outcomes().stream()).distinct().toList();
    if (sample.equals("sqs-s3-batch.json")) {
      // Its third record is not JSON: an undecodable event is kept where it arrived, as always.
      assertThat(outcomes)
          .containsExactlyInAnyOrder(StageOutcome.IGNORED, StageOutcome.QUARANTINED);
      assertThat(keys(globex)).hasSize(globexBefore.size() + 1);
      assertThat(keys(globex))
          .filteredOn(k -> k.startsWith("quarantine/"))
          .singleElement()
          .satisfies(k -> assertThat(new String(globex.getBytes(k, 1 << 20))).contains("SQS body"));
    } else {
      assertThat(outcomes).containsExactly(StageOutcome.IGNORED);
      assertThat(keys(globex)).isEqualTo(globexBefore);
    }
    assertThat(results).noneMatch(StageTrigger.DeliveryResult::retry);
    assertThat(keys(globex)).noneMatch(k -> k.startsWith("vcons/") || k.startsWith("ledger/"));
    assertThat(keys(acme)).isEqualTo(acmeBefore);
    assertThat(warnings)
        .hasSize(2 * named.size())
        .allSatisfy(
            w ->
                assertThat(w)
                    .contains("ignored an event naming bucket conserver-acme")
                    .contains("serves tenant globex, bucket conserver-globex")
                    .doesNotContain(named.get(0).key()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3-put.json", "gcs-finalized-binary.json", "direct-invoke.json"})
  void theSameEventForTheTenantsOwnBucket_isProcessed(String sample) {
    // The control: what globex refused is work acme's own stage does.
    Samples.Request request = Samples.request(sample);
    List<ObjectCreated> named = plant(request);

    List<StageTrigger.DeliveryResult> results =
        trigger("acme", acme).handle(request.body(), request.headers());

    assertThat(results.get(0).outcomes()).containsExactly(StageOutcome.WRITTEN);
    assertThat(keys(acme)).anyMatch(k -> k.startsWith("vcons/default/ingest/"));
    assertThat(warnings).isEmpty();
    assertThat(keys(globex)).hasSize(named.size());
  }
}
