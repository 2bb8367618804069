package io.conserver.functions.gcp;

import static io.conserver.functions.gcp.GcsEvents.BUCKET;
import static io.conserver.functions.gcp.GcsEvents.newUuid;
import static io.conserver.functions.gcp.GcsEvents.nextEventId;
import static io.conserver.functions.gcp.GcsEvents.outputKey;
import static io.conserver.functions.gcp.GcsEvents.vcon;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.gcp.FakeGcsServer;
import io.conserver.platform.gcp.FakeGoogleToken;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestLifecycle;
import io.conserver.testing.TestVcons;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built uber-jar run as the Cloud Functions Java runtime runs it: {@code java -jar
 * java-function-invoker.jar --classpath <the jar> --target
 * io.quarkus.funqy.gcp.functions.FunqyCloudEventsFunction} with {@code
 * FUNCTION_SIGNATURE_TYPE=cloudevent}, in its own JVM, configured only by environment variables.
 *
 * <p>The store is the package's own, production {@code gcs} provider: Application Default
 * Credentials from {@code GOOGLE_APPLICATION_CREDENTIALS}, a service-account key made here whose
 * {@code token_uri} is a token endpoint on loopback, and {@code CONSERVER_GCS_HOST} pointing at
 * {@link FakeGcsServer}. {@code NO_GCE_CHECK} and a loopback {@code GCE_METADATA_HOST} make sure
 * nothing goes looking for a metadata server.
 *
 * <p>Proves: the uber-jar is complete and boots outside Maven and Quarkus's harness; {@code
 * QUARKUS_FUNQY_EXPORT} chooses the function at run time (default {@code ingest-cloudevent}); the
 * production store configuration works end to end. Does not prove Google's buildpack, Eventarc or
 * IAM.
 */
class PackagedFunctionIT {
  private static final String TARGET = "io.quarkus.funqy.gcp.functions.FunqyCloudEventsFunction";

  @TempDir static Path dir;
  private static FakeGcsServer gcs;
  private static BlobStore store;
  private static FakeGoogleToken token;
  private static Path credentials;

  @BeforeAll
  static void start() throws Exception {
    gcs = FakeGcsServer.start(BUCKET, 1000);
    store =
        new NoCredentialsGcsStoreProvider()
            .open(
                BUCKET,
                n ->
                    Optional.ofNullable(
                        Map.of(
                                "conserver.gcs.project",
                                "conserver-acme",
                                "conserver.gcs.host",
                                gcs.endpoint())
                            .get(n)));
    token = FakeGoogleToken.start();
    credentials = dir.resolve("service-account.json");
    Files.writeString(credentials, token.serviceAccountKey("conserver-acme"));
  }

  @AfterAll
  static void stop() {
    if (token != null) {
      token.close();
    }
    if (gcs != null) {
      gcs.close();
    }
  }

  @Test
  void withoutExport_thePackageRunsTheCloudEventIngest() throws Exception {
    String uuid = newUuid();
    BlobMetadata object =
        store.putBytes(
            "inbox/default/packaged/" + uuid + ".json", vcon(uuid, "[0,1]"), PutOptions.JSON);

    long started = System.nanoTime();
    try (Function function = Function.start(Map.of())) {
      int status = function.postWhenReady(object);
      long coldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      System.err.println(
          "cold start + first invocation of the packaged function: " + coldMillis + " ms");

      assertThat(status).as(function::output).isEqualTo(200);
      assertThat(store.head(outputKey(uuid))).isPresent();
      assertThat(gcs.unsupported()).isEmpty();
    }
  }

  @Test
  void exportFromTheEnvironment_choosesTheFunction() throws Exception {
    String uuid = newUuid();
    BlobMetadata object =
        store.putBytes(
            "inbox/default/export/" + uuid + ".json", vcon(uuid, "[0,1]"), PutOptions.JSON);

    try (Function function = Function.start(Map.of("QUARKUS_FUNQY_EXPORT", "ingest"))) {
      // The raw-JSON entry point (for Lambda) cannot take the CloudEvent object the Funqy
      // CloudEvents binding hands it: a different function than the default one answered.
      assertThat(function.postWhenReady(object)).as(function::output).isEqualTo(500);
      assertThat(store.head(outputKey(uuid))).isEmpty();
    }
  }

  @Test
  void unknownExport_failsEveryInvocation_namingIt() throws Exception {
    String uuid = newUuid();
    BlobMetadata object =
        store.putBytes(
            "inbox/default/unknown/" + uuid + ".json", vcon(uuid, "[0,1]"), PutOptions.JSON);

    try (Function function = Function.start(Map.of("QUARKUS_FUNQY_EXPORT", "no-such-function"))) {
      assertThat(function.postWhenReady(object)).isEqualTo(500);
      assertThat(function.output())
          .contains("quarkus.funqy.export does not match a function: no-such-function");
    }
  }

  @Test
  void exportToCloud_sendsTheRedactedCopy_toAnotherBucket_withTheFunctionsOwnIdentity()
      throws Exception {
    String destinationBucket = "conserver-acme-cloud";
    String pipeline = "hybrid-packaged";
    try (FakeGcsServer cloud = FakeGcsServer.start(destinationBucket, 1000)) {
      ObjectNode options = GcsEvents.JSON.createObjectNode();
      options.put("store", "gcs").put("bucket", destinationBucket).put("pipeline", "hybrid-cloud");
      options.put("account", "tenant");
      options.putObject("settings").put("project", "conserver-acme").put("host", cloud.endpoint());
      TestVcons.Vcon original = TestVcons.vcon("hybrid");
      TestVcons.Vcon redacted = TestVcons.redactedCopy(original);
      BlobMetadata input =
          store.putBytes(
              BucketLayout.outputKey(pipeline, "redact", original.uuid()),
              redacted.json(),
              PutOptions.JSON);

      String key = "inbox/hybrid-cloud/from-" + pipeline + "/" + redacted.uuid() + ".vcon.json";
      BlobStore destination =
          new NoCredentialsGcsStoreProvider()
              .open(
                  destinationBucket,
                  n -> Optional.ofNullable(Map.of("conserver.gcs.host", cloud.endpoint()).get(n)));
      try (Function function =
          Function.start(
              Map.of(
                  "QUARKUS_FUNQY_EXPORT",
                  "export-to-cloud-cloudevent",
                  "CONSERVER_PIPELINE",
                  pipeline,
                  "CONSERVER_PIPELINE_JSON",
                  TestVcons.handOffPipeline(pipeline, options)))) {
        assertThat(function.postWhenReady(input)).as(function::output).isEqualTo(200);
        assertThat(destination.head(key)).as(function::output).isPresent();
      }
      assertThat(destination.getBytes(key, 1 << 20)).isEqualTo(redacted.json());
      assertThat(store.head(key)).as("the tenant's own bucket got no copy").isEmpty();
      assertThat(cloud.unsupported()).isEmpty();
    }
  }

  @Test
  void theLifecycleFunction_takesCloudSchedulersTick_withItsReceiptSigner() throws Exception {
    KeyPair keys = ReceiptSigner.generateKeyPair();
    Map<String, String> env =
        TestLifecycle.environment("packaged-lifecycle", ReceiptKeyPem.format(keys));
    env.put("QUARKUS_FUNQY_EXPORT", "lifecycle-cloudevent");

    try (Function function = Function.start(env)) {
      function.awaitListening();
      // 2xx: the tick was decoded for this tenant and the run finished (nothing is due on the
      // system clock); it signs with nimbus-jose-jwt, which the package once left out.
      assertThat(GcsEvents.postScheduleTick(function.port()).statusCode())
          .as(function::output)
          .isBetween(200, 299);
      assertThat(function.output()).contains("lifecycle ").doesNotContain("NoClassDefFoundError");
    }
  }

  @Test
  void teamsRenew_isServedFromTheSameJar_asTerraformConfiguresIt() throws Exception {
    // Cloud Scheduler's tick through Pub/Sub and Eventarc, naming this tenant; the tenant has no
    // saved subscriptions, so Graph (unreachable here) is not called.
    Map<String, String> terraform =
        Map.of(
            "QUARKUS_FUNQY_EXPORT",
            "teams-renew-cloudevent",
            "CONSERVER_PIPELINE_JSON",
            "{\"name\":\"meetings\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\","
                + "\"options\":{\"fetch_media\":{\"teams\":{\"tenant_id\":\"t\",\"client_id\":\"c\","
                + "\"client_secret_ref\":\"env:TEAMS_CLIENT_SECRET\"}}}}]}",
            "CONSERVER_TEAMS_CLIENT_STATE_REF",
            "env:TEAMS_CLIENT_STATE",
            "TEAMS_CLIENT_SECRET",
            "gcf-client-secret",
            "TEAMS_CLIENT_STATE",
            "gcf-client-state");

    try (Function function = Function.start(terraform)) {
      function.awaitListening();
      assertThat(GcsEvents.postScheduleTick(function.port()).statusCode())
          .as(function::output)
          .isBetween(200, 299);
      assertThat(function.output())
          .contains("teams renew, tenant acme: 0 renewed, 0 re-created, 0 failed, 0 not due")
          .doesNotContain("gcf-client-secret")
          .doesNotContain("gcf-client-state");
      assertThat(gcs.unsupported()).isEmpty();
    }
  }

  /** The packaged function in its own JVM, started as the Cloud Functions Java runtime does. */
  private record Function(Process process, Path log, int port) implements AutoCloseable {
    static Function start(Map<String, String> extraEnv) throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              System.getProperty(
                  "conserver.invoker-jar", "target/functions-framework/java-function-invoker.jar"),
              "--classpath",
              System.getProperty("conserver.function-jar"),
              "--target",
              TARGET,
              "--port",
              Integer.toString(port));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(
              k ->
                  k.startsWith("QUARKUS_")
                      || k.startsWith("CONSERVER_")
                      || k.startsWith("GOOGLE_")
                      || k.startsWith("GCE_")
                      || k.startsWith("CLOUDSDK_"));
      env.put("FUNCTION_TARGET", TARGET);
      env.put("FUNCTION_SIGNATURE_TYPE", "cloudevent");
      env.put("K_SERVICE", "conserver-acme-default-ingest");
      env.put("GOOGLE_CLOUD_PROJECT", "conserver-acme");
      env.put("GOOGLE_APPLICATION_CREDENTIALS", credentials.toString());
      env.put("NO_GCE_CHECK", "true");
      env.put("GCE_METADATA_HOST", "127.0.0.1:9");
      env.put("GCE_METADATA_IP", "127.0.0.1:9");
      Map<String, String> settings =
          Map.of(
              "conserver.tenant",
              GcsEvents.TENANT,
              "conserver.bucket",
              BUCKET,
              "conserver.store",
              "gcs",
              "conserver.pipeline",
              "default",
              "conserver.gcs.project",
              "conserver-acme",
              "conserver.gcs.host",
              gcs.endpoint());
      settings.forEach(
          (k, v) -> env.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), v));
      env.putAll(extraEnv);
      Path log = Files.createTempFile("conserver-gcf", ".log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      return new Function(builder.start(), log, port);
    }

    /** Posts a storage event once the invoker listens; returns the HTTP status. */
    int postWhenReady(BlobMetadata object) throws Exception {
      awaitListening();
      return GcsEvents.postStorageEvent(port, nextEventId(), object).statusCode();
    }

    void awaitListening() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
          break;
        } catch (ConnectException e) {
          if (System.nanoTime() > deadline || !process.isAlive()) {
            throw new IllegalStateException("the invoker did not start:\n" + output());
          }
          Thread.sleep(20);
        }
      }
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }
}
