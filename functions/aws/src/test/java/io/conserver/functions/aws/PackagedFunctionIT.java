package io.conserver.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conserver.functions.aws.LambdaEvents.SqsRecord;
import io.conserver.functions.aws.LambdaEvents.Vcon;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code target/function.zip}, run as the managed Java runtime runs it: unpacked as the
 * task root ({@code LAMBDA_TASK_ROOT}, classes at the root and {@code lib/*.jar}), started by the
 * real AWS Lambda runtime interface client (started in the task root, as Lambda does) with the
 * handler {@code io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest}, configured only by
 * environment variables, and fed by a small Lambda Runtime API on loopback written here (next
 * invocation, response, invocation error, init error: the four routes the client uses).
 *
 * <p>Proves: the zip is complete and boots outside Maven and Quarkus's test harness; {@code
 * QUARKUS_FUNQY_EXPORT} chooses the function at run time (default {@code ingest}); the S3 store is
 * configured from {@code CONSERVER_*} and AWS's standard credential variables. Does not prove the
 * managed runtime's own JVM flags, memory limits or SnapStart.
 */
class PackagedFunctionIT {
  private static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";

  @TempDir static Path taskRoot;
  private static TestBucket bucket;

  @BeforeAll
  static void unpack() throws IOException {
    Path zip = Path.of(System.getProperty("conserver.function-zip", "target/function.zip"));
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = taskRoot.resolve(entry.getName()).normalize();
        if (!target.startsWith(taskRoot)) {
          throw new IOException("zip entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    bucket = TestBucket.shared();
  }

  @Test
  void withoutExport_thePackageRunsIngest_onAnSqsBatch() throws Exception {
    Vcon vcon = LambdaEvents.vcon("packaged");
    BlobMetadata object =
        bucket
            .store()
            .putBytes(
                "inbox/default/packaged/" + vcon.uuid() + ".json", vcon.json(), PutOptions.JSON);
    String event =
        LambdaEvents.sqsBatch(
            List.of(SqsRecord.of(LambdaEvents.s3Notification(TestBucket.BUCKET, object))));

    long started = System.nanoTime();
    try (Function function = Function.start(Map.of())) {
      Invocation result = function.api().invoke(event);
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
  void exportFromTheEnvironment_choosesTheFunction() throws Exception {
    String direct =
        "{\"bucket\":\"" + TestBucket.BUCKET + "\",\"key\":\"inbox/default/none.json\"}";

    try (Function function = Function.start(Map.of("QUARKUS_FUNQY_EXPORT", "ingest-cloudevent"))) {
      Invocation result = function.api().invoke(direct);

      // The CloudEvent entry point (for Cloud Functions and Knative) cannot take a JSON event:
      // a different function than the default one answered.
      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isTrue();
      assertThat(result.body()).contains("CloudEvent");
    }
  }

  @Test
  void theExportFunction_isInThePackage_andExportsToTheDefaultFilesSink() throws Exception {
    Vcon vcon = LambdaEvents.vcon("exported");
    // export follows transcribe in the default pipeline
    BlobMetadata object =
        bucket
            .store()
            .putBytes(
                "vcons/default/transcribe/" + vcon.uuid() + ".vcon.json",
                vcon.json(),
                PutOptions.JSON);
    String event =
        LambdaEvents.sqsBatch(
            List.of(SqsRecord.of(LambdaEvents.s3Notification(TestBucket.BUCKET, object))));

    try (Function function = Function.start(Map.of("QUARKUS_FUNQY_EXPORT", "export"))) {
      Invocation result = function.api().invoke(event);

      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isFalse();
      assertThat(LambdaEvents.failedIds(result.json())).isEmpty();
      assertThat(bucket.store().head("vcons/default/export/" + vcon.uuid() + ".vcon.json"))
          .isPresent();
      assertThat(bucket.store().head("sinks/journal/" + vcon.uuid() + "/lake.json")).isPresent();
    }
  }

  @Test
  void theTranscribeFunction_isInThePackage_andPassesAVconWithoutRecordingsOn() throws Exception {
    Vcon vcon = LambdaEvents.vcon("no-audio");
    BlobMetadata object =
        bucket
            .store()
            .putBytes(
                "vcons/default/ingest/" + vcon.uuid() + ".vcon.json", vcon.json(), PutOptions.JSON);
    String event =
        LambdaEvents.sqsBatch(
            List.of(SqsRecord.of(LambdaEvents.s3Notification(TestBucket.BUCKET, object))));

    try (Function function = Function.start(Map.of("QUARKUS_FUNQY_EXPORT", "transcribe"))) {
      Invocation result = function.api().invoke(event);

      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isFalse();
      assertThat(LambdaEvents.failedIds(result.json())).isEmpty();
      assertThat(bucket.store().head("vcons/default/transcribe/" + vcon.uuid() + ".vcon.json"))
          .isPresent();
    }
  }

  @Test
  void unknownExport_failsAtInit_namingIt() throws Exception {
    try (Function function = Function.start(Map.of("QUARKUS_FUNQY_EXPORT", "no-such-function"))) {
      String error = function.api().initError().get(60, TimeUnit.SECONDS);

      assertThat(error).contains("initialization failed");
      assertThat(function.output())
          .contains("quarkus.funqy.export does not match a function: no-such-function");
    }
  }

  /** The packaged function in its own JVM, as the managed runtime starts it. */
  private record Function(Process process, Path log, RuntimeApi api) implements AutoCloseable {
    static Function start(Map<String, String> extraEnv) throws IOException {
      RuntimeApi api = new RuntimeApi();
      Path runtime =
          Path.of(System.getProperty("conserver.lambda-runtime", "target/lambda-runtime"));
      List<String> classPath = new ArrayList<>();
      try (var jars = Files.list(runtime)) {
        jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> classPath.add(p.toString()));
      }
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              // What the managed Java runtimes set by default (faster start, C1 only).
              "-XX:+TieredCompilation",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              String.join(java.io.File.pathSeparator, classPath),
              "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
              HANDLER);
      // The runtime client loads the handler from its working directory (and its lib/*.jar):
      // Lambda starts the JVM in the task root.
      ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(
              k -> k.startsWith("QUARKUS_") || k.startsWith("CONSERVER_") || k.startsWith("AWS_"));
      env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.port());
      env.put("AWS_LAMBDA_FUNCTION_NAME", "conserver-acme-default-ingest");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
      env.put("AWS_REGION", TestBucket.REGION);
      for (Map.Entry<String, String> setting : bucket.settings().entrySet()) {
        env.put(environmentName(setting.getKey()), setting.getValue());
      }
      env.putAll(extraEnv);
      Path log = Files.createTempFile("conserver-function", ".log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      return new Function(builder.start(), log, api);
    }

    /** conserver.s3.ca-bundle is CONSERVER_S3_CA_BUNDLE; aws.accessKeyId is AWS_ACCESS_KEY_ID. */
    static String environmentName(String property) {
      return switch (property) {
        case "aws.accessKeyId" -> "AWS_ACCESS_KEY_ID";
        case "aws.secretAccessKey" -> "AWS_SECRET_ACCESS_KEY";
        default -> property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      };
    }

    String output() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      api.close();
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a temp file; nothing else to do
      }
    }
  }

  /** What the function posted back for one invocation. */
  record Invocation(boolean error, String body) {
    JsonNode json() {
      try {
        return LambdaEvents.JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + body, e);
      }
    }
  }

  /**
   * The Lambda Runtime API (2018-06-01) on loopback: {@code GET invocation/next} hands out queued
   * events, {@code POST invocation/<id>/response|error} completes them, {@code POST init/error}
   * records a failed start.
   */
  private static final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";
    private final HttpServer server;
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Invocation>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newCachedThreadPool();

    RuntimeApi() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext(BASE, this::handle);
      server.setExecutor(executor);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    Invocation invoke(String event) throws Exception {
      String id = UUID.randomUUID().toString();
      CompletableFuture<Invocation> result = new CompletableFuture<>();
      pending.put(id, result);
      events.add(new String[] {id, event});
      return result.get(60, TimeUnit.SECONDS);
    }

    CompletableFuture<String> initError() {
      return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (path.equals("invocation/next")) {
          next(exchange);
        } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
          complete(path, new Invocation(false, text));
          exchange.sendResponseHeaders(202, -1);
        } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
          complete(path, new Invocation(true, text));
          exchange.sendResponseHeaders(202, -1);
        } else if (path.equals("init/error")) {
          initError.complete(text);
          exchange.sendResponseHeaders(202, -1);
        } else {
          exchange.sendResponseHeaders(404, -1);
        }
      }
    }

    private void next(HttpExchange exchange) throws IOException {
      String[] event;
      try {
        event = events.poll(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        event = null;
      }
      if (event == null) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      Map<String, String> headers = new HashMap<>();
      headers.put("Lambda-Runtime-Aws-Request-Id", event[0]);
      headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
      headers.put(
          "Lambda-Runtime-Invoked-Function-Arn",
          "arn:aws:lambda:us-east-1:111122223333:function:conserver-acme-default-ingest");
      headers.put(
          "Lambda-Runtime-Trace-Id", "Root=1-" + LambdaEvents.hex(4) + "-" + LambdaEvents.hex(12));
      headers.put("Content-Type", "application/json");
      headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      byte[] bytes = event[1].getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    private void complete(String path, Invocation invocation) {
      String id = path.substring("invocation/".length(), path.lastIndexOf('/'));
      CompletableFuture<Invocation> future = pending.remove(id);
      if (future != null) {
        future.complete(invocation);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow(); // also ends a next-invocation poll the stopped process left open
    }
  }
}
