package io.conserver.functions.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conserver.testing.TestBucket;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A built {@code function.zip}, run as the managed Java runtime runs it: unpacked as the task root
 * ({@code LAMBDA_TASK_ROOT}, classes at the root and {@code lib/*.jar}), started by the real AWS
 * Lambda runtime interface client in its own JVM (working directory: the task root, as Lambda does)
 * with the handler {@code io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest}, configured
 * only by environment variables, and fed by a small Lambda Runtime API on loopback written here
 * (next invocation, response, invocation error, init error: the four routes the client uses). Every
 * Lambda package's {@code *IT} uses it on its own zip.
 */
record PackagedFunction(Process process, Path log, RuntimeApi api) implements AutoCloseable {
  private static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";

  /** Unpacks the module's zip ({@code conserver.function-zip}) into {@code taskRoot}. */
  static void unpack(Path taskRoot) throws IOException {
    unpack(Path.of(System.getProperty("conserver.function-zip", "target/function.zip")), taskRoot);
  }

  static void unpack(Path zip, Path taskRoot) throws IOException {
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
  }

  static PackagedFunction start(Path taskRoot, TestBucket bucket, Map<String, String> extraEnv)
      throws IOException {
    return start(taskRoot, bucket, extraEnv, List.of());
  }

  /**
   * @param jvmOptions more options for the function's JVM (a heap limit, a collector), after the
   *     ones the managed runtimes set by default
   */
  static PackagedFunction start(
      Path taskRoot, TestBucket bucket, Map<String, String> extraEnv, List<String> jvmOptions)
      throws IOException {
    RuntimeApi api = new RuntimeApi();
    Path runtime = Path.of(System.getProperty("conserver.lambda-runtime", "target/lambda-runtime"));
    List<String> classPath = new ArrayList<>();
    try (var jars = Files.list(runtime)) {
      jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> classPath.add(p.toString()));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // What the managed Java runtimes set by default (faster start, C1 only).
    command.addAll(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            String.join(java.io.File.pathSeparator, classPath),
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            HANDLER));
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
    env.putAll(bucket.environment());
    env.putAll(extraEnv);
    Path log = Files.createTempFile("conserver-function", ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new PackagedFunction(builder.start(), log, api);
  }

  /**
   * Invokes the function with one SQS batch holding the S3 notification of {@code input} (a {@link
   * io.conserver.testing.PackagedStage.Delivery}); fails unless the batch came back without error
   * and without failed records.
   */
  void deliverOverSqs(io.conserver.platform.storage.BlobMetadata input) throws Exception {
    Invocation result =
        api.invoke(
            LambdaEvents.sqsBatch(
                List.of(
                    LambdaEvents.SqsRecord.of(
                        LambdaEvents.s3Notification(TestBucket.BUCKET, input)))));
    if (result.error() || !LambdaEvents.failedIds(result.json()).isEmpty()) {
      throw new AssertionError(
          "the function did not acknowledge the batch: " + result.body() + "\n" + output());
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
  static final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";
    private final HttpServer server;
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Invocation>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private volatile long firstNextNanos;
    private volatile Runnable onFirstNext = () -> {};
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

    /** When ({@link System#nanoTime}) the function first asked for an event: its init was done. */
    long firstNextNanos() {
      return firstNextNanos;
    }

    /** Runs {@code probe} when the function first asks for an event (e.g. to read its CPU time). */
    void onFirstNext(Runnable probe) {
      onFirstNext = probe;
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
          if (firstNextNanos == 0) {
            firstNextNanos = System.nanoTime();
            onFirstNext.run();
          }
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
