package io.conserver.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conserver.local.config.LocalConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The backlog limit through the real server: a pipeline whose only stage ({@link GatedIngest})
 * holds every event until the test opens it, so real submissions build a real backlog in the
 * tenant's runtime, and the limit is {@value #LIMIT} events.
 */
@QuarkusTest
@WithTestResource(BacklogApiTest.HeldPipeline.class)
class BacklogApiTest {
  static final int LIMIT = 3;
  private static final String PIPELINE = "held";
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

  /**
   * A data directory with a key for tenant {@code acme}, and a home declaring only {@code held}.
   */
  public static class HeldPipeline implements QuarkusTestResourceLifecycleManager {
    static final String DATA = "backlog-test.data";
    static final String KEY = "backlog-test.key";

    private Path root;

    @Override
    public Map<String, String> start() {
      try {
        root = Files.createTempDirectory("conserver-backlog-test");
        Path pipelines = Files.createDirectories(root.resolve("home/terraform/pipelines"));
        Files.writeString(
            pipelines.resolve(PIPELINE + ".json"),
            "{\"name\":\""
                + PIPELINE
                + "\",\"stages\":[{\"name\":\"ingest\",\"function\":\""
                + GatedIngest.FUNCTION
                + "\"}]}");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path data = root.resolve("data");
      System.setProperty(DATA, data.toString());
      System.setProperty(KEY, LocalConfig.createApiKey(data, "acme", "k1").key());
      return Map.of(
          "conserver.data", data.toString(),
          "conserver.home", root.resolve("home").toString(),
          "conserver.api.max-pending-events", String.valueOf(LIMIT));
    }

    @Override
    public void stop() {
      ServerTestResource.deleteTree(root);
    }
  }

  @AfterAll
  static void letTheStageGo() {
    GatedIngest.open(); // whatever happened, the server's shutdown finds no held thread
  }

  private static Path bucket() {
    return Path.of(System.getProperty(HeldPipeline.DATA)).resolve("acme/bucket");
  }

  private static Response post(String body) {
    return given()
        .header("Authorization", "Bearer " + System.getProperty(HeldPipeline.KEY))
        .contentType("application/json")
        .body(body)
        .post("/v1/acme/vcons?pipeline=" + PIPELINE);
  }

  private static List<String> stored(String prefix) throws IOException {
    Path folder = bucket().resolve(prefix);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** One sample of the Prometheus endpoint: the value of the series with exactly these labels. */
  private static double metric(String name, String labels) {
    String prefix = name + "{" + labels + "} ";
    String page = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return page.lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in /q/metrics"));
  }

  private static double pending() {
    return metric("conserver_runtime_pending", "tenant=\"acme\"");
  }

  private static double submissions(String outcome) {
    return metric("conserver_api_vcons_total", "outcome=\"" + outcome + "\",tenant=\"acme\"");
  }

  @Test
  void pastTheLimit_aSubmissionIs503Backlogged_writesNothing_andIsAcceptedOnceTheStageDrains()
      throws IOException {
    List<String> held = new ArrayList<>();
    for (int i = 0; i < LIMIT; i++) {
      String uuid = UUID.randomUUID().toString();
      post(VconApiTest.vcon(uuid, "held " + i)).then().statusCode(202);
      held.add(uuid + ".vcon.json");
    }
    // The backlog is real: the stage took the events and holds them, none has an output yet.
    assertThat(pending()).isEqualTo(LIMIT);
    assertThat(stored("vcons/" + PIPELINE + "/ingest")).isEmpty();

    String uuid = UUID.randomUUID().toString();
    String body = VconApiTest.vcon(uuid, "past the limit");
    Response refused = post(body);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isEqualTo("5");
    assertThat(refused.contentType()).startsWith(Problem.MEDIA_TYPE);
    assertThat(refused.jsonPath().getString("type")).isEqualTo(Problem.TYPE_BASE + "backlogged");
    assertThat(refused.jsonPath().getInt("status")).isEqualTo(503);
    assertThat(refused.jsonPath().getString("detail"))
        .isEqualTo(
            "this tenant's pipelines have "
                + LIMIT
                + " or more events waiting; send this vCon again later");
    assertThat(refused.asString()).doesNotContain("Exception").doesNotContain("\tat ");
    // Nothing was written for it: the inbox holds the accepted three only.
    assertThat(stored("inbox/" + PIPELINE)).containsExactlyInAnyOrderElementsOf(held);
    assertThat(submissions("backlogged")).isEqualTo(1);
    assertThat(submissions("accepted")).isEqualTo(LIMIT);

    GatedIngest.open();
    await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> pending() == 0);
    assertThat(stored("vcons/" + PIPELINE + "/ingest")).containsExactlyInAnyOrderElementsOf(held);

    post(body).then().statusCode(202);
    assertThat(bucket().resolve("inbox/" + PIPELINE + "/" + uuid + ".vcon.json")).hasContent(body);
    assertThat(submissions("accepted")).isEqualTo(LIMIT + 1);
    assertThat(submissions("backlogged")).isEqualTo(1);
  }
}
