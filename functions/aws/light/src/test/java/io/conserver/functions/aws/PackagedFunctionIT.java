package io.conserver.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.functions.aws.LambdaEvents.SqsRecord;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light package's {@code target/function.zip}, run as the managed Java runtime runs it (see
 * {@link PackagedFunction}).
 *
 * <p>Proves: the zip is complete and boots outside Maven and Quarkus's test harness; {@code
 * QUARKUS_FUNQY_EXPORT} chooses the function at run time (default {@code ingest}); the S3 store is
 * configured from {@code CONSERVER_*} and AWS's standard credential variables. Does not prove the
 * managed runtime's own JVM flags, memory limits or SnapStart.
 */
class PackagedFunctionIT {
  @TempDir static Path taskRoot;
  private static TestBucket bucket;

  @BeforeAll
  static void unpack() throws IOException {
    PackagedFunction.unpack(taskRoot);
    bucket = TestBucket.shared();
  }

  /** The budget for a light function, in bytes as Lambda's console counts them (MB). */
  private static final long LIGHT_PACKAGE_BUDGET = 15_000_000;

  @Test
  void thePackage_staysWithinTheLightFunctionBudget_withoutTheExportSinksOrTheAwsSdk()
      throws IOException {
    Path zip = Path.of(System.getProperty("conserver.function-zip", "target/function.zip"));
    assertThat(Files.size(zip)).isLessThanOrEqualTo(LIGHT_PACKAGE_BUDGET);
    try (var lib = Files.list(taskRoot.resolve("lib"))) {
      List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
      assertThat(jars)
          .noneMatch(name -> name.contains("postgresql") || name.matches(".*function-export-\\d.*"))
          // The S3 store and the cross-account reader speak S3 and STS themselves.
          .noneMatch(name -> name.startsWith("software.amazon.awssdk."))
          .anyMatch(name -> name.contains("conserver-platform-aws-crossaccount"));
    }
  }

  @Test
  void withoutExport_thePackageRunsIngest_onAnSqsBatch() throws Exception {
    Vcon vcon = TestVcons.vcon("packaged");
    BlobMetadata object =
        bucket
            .store()
            .putBytes(
                "inbox/default/packaged/" + vcon.uuid() + ".json", vcon.json(), PutOptions.JSON);
    String event =
        LambdaEvents.sqsBatch(
            List.of(SqsRecord.of(LambdaEvents.s3Notification(TestBucket.BUCKET, object))));

    long started = System.nanoTime();
    try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, Map.of())) {
      PackagedFunction.Invocation result = function.api().invoke(event);
      long coldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.err.println(
          "cold start + first invocation of the packaged function: " + coldMillis + " ms");

      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isFalse();
      assertThat(LambdaEvents.failedIds(result.json())).isEmpty();
      assertThat(result.json().has("batchItemFailures")).isTrue();
      assertThat(bucket.store().head(LambdaEvents.outputKey(vcon.uuid()))).isPresent();

      // A warm second invocation in the same process: the store and stage are built once.
      assertThat(LambdaEvents.failedIds(function.api().invoke(event).json())).isEmpty();
    }
  }

  @Test
  void exportFromTheEnvironment_choosesTheFunction_andTheSnapshotHooksPrimeIt() throws Exception {
    String direct =
        "{\"bucket\":\"" + TestBucket.BUCKET + "\",\"key\":\"inbox/default/none.json\"}";

    try (PackagedFunction function =
        PackagedFunction.start(
            taskRoot,
            bucket,
            Map.of(
                "QUARKUS_FUNQY_EXPORT", "ingest-cloudevent", "CONSERVER_PRIME_AT_INIT", "true"))) {
      PackagedFunction.Invocation result = function.api().invoke(direct);

      // The package registered the SnapStart hooks at start (SnapshotStartup) and, asked to,
      // primed the transformation behind the export as the checkpoint hook does.
      assertThat(function.output()).contains("primed function ingest in ");

      // The CloudEvent entry point (for Cloud Functions and Knative) cannot take a JSON event:
      // a different function than the default one answered.
      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isTrue();
      assertThat(result.body()).contains("CloudEvent");
    }
  }

  @Test
  void exportToCloud_sendsTheRedactedCopy_intoTheCloudPipelinesInbox() throws Exception {
    TestBucket cloud = TestBucket.second();
    String pipeline = "hybrid-packaged";
    String declaration =
        TestVcons.handOffPipeline(
            pipeline, cloud.asDestination("hybrid-cloud", "CLOUD_KEY_ID", "CLOUD_SECRET"));
    Vcon original = TestVcons.vcon("hybrid");
    Vcon redacted = TestVcons.redactedCopy(original);
    BlobMetadata input =
        bucket
            .store()
            .putBytes(
                BucketLayout.outputKey(pipeline, "redact", original.uuid()),
                redacted.json(),
                PutOptions.JSON);
    String event =
        LambdaEvents.sqsBatch(
            List.of(SqsRecord.of(LambdaEvents.s3Notification(TestBucket.BUCKET, input))));

    try (PackagedFunction function =
        PackagedFunction.start(
            taskRoot,
            bucket,
            Map.of(
                "QUARKUS_FUNQY_EXPORT",
                "export-to-cloud",
                "CONSERVER_PIPELINE",
                pipeline,
                "CONSERVER_PIPELINE_JSON",
                declaration,
                "CLOUD_KEY_ID",
                cloud.credentials().get("access-key-id"),
                "CLOUD_SECRET",
                cloud.credentials().get("secret-access-key")))) {
      PackagedFunction.Invocation result = function.api().invoke(event);

      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isFalse();
      assertThat(LambdaEvents.failedIds(result.json())).as(function::output).isEmpty();
    }
    String key = "inbox/hybrid-cloud/from-" + pipeline + "/" + redacted.uuid() + ".vcon.json";
    assertThat(cloud.store().getBytes(key, 1 << 20)).isEqualTo(redacted.json());
    assertThat(bucket.store().head(key)).as("the tenant's own bucket got no copy").isEmpty();
  }

  @Test
  void unknownExport_failsAtInit_namingIt() throws Exception {
    try (PackagedFunction function =
        PackagedFunction.start(
            taskRoot, bucket, Map.of("QUARKUS_FUNQY_EXPORT", "no-such-function"))) {
      String error = function.api().initError().get(60, TimeUnit.SECONDS);

      assertThat(error).contains("initialization failed");
      assertThat(function.output())
          .contains("quarkus.funqy.export does not match a function: no-such-function");
    }
  }
}
