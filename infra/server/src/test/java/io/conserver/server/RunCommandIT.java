package io.conserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conserver.local.cli.ConserverCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conserver run} end to end: the CLI starts the packaged server (the fast-jar this module
 * builds) as a child process on a free loopback port; a key made by {@code apikey create} works; a
 * POSTed vCon and a file dropped by {@code conserver ingest} from another "process" are both
 * ingested; interrupting the command stops the server. With {@code --api-only} the server stores
 * submissions and a {@code run --once} beside it runs their stages.
 */
class RunCommandIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  private static String[] cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ConserverCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void run_servesTheApi_andProcessesDropsFromOtherProcesses_untilStopped() throws Exception {
    Served served = serve();
    try {
      String uuid = UUID.randomUUID().toString();
      assertThat(served.post(uuid).statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20)).until(() -> "export".equals(served.stageOf(uuid)));

      String dropped = UUID.randomUUID().toString();
      Path file =
          Files.writeString(dir.resolve("drop.vcon.json"), VconApiTest.vcon(dropped, "cli"));
      assertThat(cli("ingest", "--data", served.data(), "--tenant", "acme", file.toString())[0])
          .isEqualTo("0");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  get(served.base() + "/v1/acme/vcons/" + dropped, served.key()).statusCode()
                      == 200);
    } finally {
      served.stop();
    }
  }

  @Test
  void apiOnly_storesSubmissions_andAnotherProcessRunsTheirStages() throws Exception {
    Served served = serve("--api-only");
    try {
      String uuid = UUID.randomUUID().toString();
      assertThat(served.post(uuid).statusCode()).isEqualTo(202);
      assertThat(
              Files.exists(
                  Path.of(served.data(), "acme/bucket/inbox/default", uuid + ".vcon.json")))
          .isTrue(); // stored before the 202

      // The API-only server ran no stage: the worker finds the submission unhandled and runs
      // every stage on it while the server keeps serving.
      String[] once = cli("run", "--once", "--quiet", "--data", served.data(), "--tenant", "acme");
      assertThat(once[0]).isEqualTo("0");
      assertThat(once[1]).containsPattern("default\\s+ingest\\s+1\\s+1\\s");
      assertThat(served.stageOf(uuid)).isEqualTo("export");
    } finally {
      served.stop();
    }
  }

  /** {@code conserver run} on a free port, for tenant acme with a fresh key, until stopped. */
  private Served serve(String... options) throws Exception {
    System.setProperty("conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
    String data = dir.resolve("data").toString();
    String[] created = cli("apikey", "create", "--tenant", "acme", "--data", data);
    assertThat(created[0]).isEqualTo("0");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> args =
        new ArrayList<>(List.of("run", "--data", data, "--tenant", "acme", "--port", "" + port));
    args.addAll(List.of(options));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread run =
        new Thread(
            () -> exit.set(Integer.parseInt(cli(args.toArray(String[]::new))[0])), "conserver-run");
    run.start();
    Served served = new Served(data, created[1].strip(), port, run, exit);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(ConnectException.class)
        .until(() -> get(served.base() + "/q/health/ready", null).statusCode() == 200);
    return served;
  }

  private record Served(String data, String key, int port, Thread run, AtomicInteger exit) {
    String base() {
      return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> post(String uuid) throws IOException, InterruptedException {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(base() + "/v1/acme/vcons"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(VconApiTest.vcon(uuid, "served")))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** The stage whose copy a read returns (the default pipeline's last is export). */
    String stageOf(String uuid) throws IOException, InterruptedException {
      return get(base() + "/v1/acme/vcons/" + uuid, key)
          .headers()
          .firstValue("Conserver-Stage")
          .orElse("");
    }

    /** Interrupts the command, which stops the server; both must let go. */
    void stop() throws Exception {
      run.interrupt();
      run.join(Duration.ofSeconds(30).toMillis());
      assertThat(run.isAlive()).isFalse();
      assertThat(exit.get()).isZero();
      try (ServerSocket again = new ServerSocket(port)) {
        assertThat(again.getLocalPort()).isEqualTo(port); // the server let go of its port
      }
    }
  }

  private static HttpResponse<String> get(String url, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
