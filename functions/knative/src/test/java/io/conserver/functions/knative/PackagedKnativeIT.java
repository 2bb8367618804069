package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.S3Notifications;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built fast-jar ({@code target/quarkus-app}), started as the container image's entry point
 * starts it ({@code java -jar quarkus-app/quarkus-run.jar}, see {@code Dockerfile}) in its own JVM,
 * configured only by environment variables as the Knative Service sets them ({@code PORT}, {@code
 * QUARKUS_FUNQY_EXPORT}, {@code CONSERVER_*}, the store's credentials), and called over HTTP with
 * KafkaSource-shaped CloudEvents. One process serves the whole class: it is started with an empty
 * {@code QUARKUS_FUNQY_EXPORT}, which overrides the packaged default (ingest) at run time, so the
 * binding routes each event by its CloudEvent type to the function of that name; a Knative Service
 * sets the variable to its one function instead. A conversation then goes through every stage
 * function the image carries, each event naming the previous stage's output, and the redacted copy
 * reaches a second store. Proves the package is complete, boots outside Maven and reads its
 * function choice from the environment. Does not prove the image itself (no container runtime here)
 * nor Knative's autoscaling.
 */
class PackagedKnativeIT {
  private static final String PIPELINE = "knative-it";

  /** Every stage function, in the order the declaration below chains them. */
  private static final List<String> STAGES =
      List.of(
          "ingest",
          "transcribe",
          "translate",
          "redact",
          "analyze",
          "route",
          "export-to-cloud",
          "export");

  private static TestBucket bucket;
  private static TestBucket cloud;
  private static PackagedService service;

  @BeforeAll
  static void start() throws Exception {
    bucket = TestBucket.shared();
    cloud = TestBucket.second();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_FUNQY_EXPORT", "");
    env.put("CONSERVER_PIPELINE_JSON", declaration());
    env.put("CLOUD_KEY_ID", cloud.credentials().get("access-key-id"));
    env.put("CLOUD_SECRET", cloud.credentials().get("secret-access-key"));
    service = PackagedService.start(bucket, env);
    System.err.println("knative package: JVM start to ready " + service.readyMillis() + " ms");
  }

  @AfterAll
  static void stop() throws IOException {
    if (service != null) {
      service.close();
    }
  }

  /** A pipeline with every stage function, the hand-off to the second store among them. */
  private static String declaration() {
    ObjectNode root = KnativeEvents.JSON.createObjectNode();
    root.put("name", PIPELINE).put("lawful_basis_default", "legitimate_interest");
    root.putObject("sinks").putObject("lake").put("type", "files");
    ArrayNode stages = root.putArray("stages");
    for (String function : STAGES) {
      ObjectNode stage = stages.addObject().put("name", function).put("function", function);
      ObjectNode options = stage.putObject("options");
      switch (function) {
        case "transcribe" -> options.put("engine", "pocketsphinx");
        case "translate" -> options.put("engine", "apertium").put("target_language", "en");
        case "route" ->
            options
                .putArray("rules")
                .addObject()
                .put("when", "has_objection(\"price\")")
                .put("then", "drop");
        case "export" -> options.putArray("sinks").add("lake");
        case "export-to-cloud" ->
            options.setAll(cloud.asDestination("hybrid-cloud", "CLOUD_KEY_ID", "CLOUD_SECRET"));
        default -> stage.remove("options");
      }
    }
    return root.toString();
  }

  @Test
  void everyStageFunction_isPackaged_andChainsAConversation_toTheCloudStore() {
    Vcon vcon = TestVcons.vcon("packaged knative");
    String input = "inbox/" + PIPELINE + "/packaged-" + vcon.uuid() + ".json";
    bucket.store().putBytes(input, vcon.json(), PutOptions.JSON);
    for (String function : STAGES) {
      BlobMetadata object = bucket.store().head(input).orElseThrow();
      KnativeEvents.binary(
              service.request(),
              function + "-knative",
              KnativeEvents.nextId(),
              S3Notifications.minioNotification(TestBucket.BUCKET, object))
          .then()
          .statusCode(204);
      String output = "vcons/" + PIPELINE + "/" + function + "/" + vcon.uuid() + ".vcon.json";
      assertThat(bucket.store().head(output)).as(function + " wrote its output").isPresent();
      input = output;
    }
    assertThat(cloud.store().list("inbox/hybrid-cloud/from-" + PIPELINE + "/"))
        .singleElement()
        .satisfies(m -> assertThat(m.key()).doesNotContain(vcon.uuid()));
    assertThat(bucket.store().head("sinks/journal/" + vcon.uuid() + "/lake.json")).isPresent();
  }

  @Test
  void structuredMode_reachesTheFunctionOfItsType() {
    Vcon vcon = TestVcons.vcon("packaged structured");
    BlobMetadata object =
        bucket
            .store()
            .putBytes(
                "inbox/" + PIPELINE + "/structured-" + vcon.uuid() + ".json",
                vcon.json(),
                PutOptions.JSON);
    KnativeEvents.structured(
            service.request(),
            "ingest-knative",
            KnativeEvents.nextId(),
            S3Notifications.minioNotification(TestBucket.BUCKET, object))
        .then()
        .statusCode(204);
    assertThat(bucket.store().head("vcons/" + PIPELINE + "/ingest/" + vcon.uuid() + ".vcon.json"))
        .isPresent();
  }
}
