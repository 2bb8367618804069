package io.conserver.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every sample in {@code events/} is documented in its README and decodes as documented there. */
class SamplesTest {
  /** What each sample yields: the kind of outcome of each delivery, in order. */
  private static final Map<String, List<Class<? extends Outcome>>> EXPECTED =
      Map.ofEntries(
          Map.entry("s3-put.json", List.of(Outcome.Objects.class)),
          Map.entry("s3-test-event.json", List.of(Outcome.Ignored.class)),
          Map.entry("s3-object-removed.json", List.of(Outcome.Ignored.class)),
          Map.entry(
              "sqs-s3-batch.json",
              List.of(Outcome.Objects.class, Outcome.Objects.class, Outcome.Undecodable.class)),
          Map.entry("sqs-sns-s3.json", List.of(Outcome.Objects.class)),
          Map.entry("eventbridge-object-created.json", List.of(Outcome.Objects.class)),
          Map.entry("gcs-finalized-structured.json", List.of(Outcome.Objects.class)),
          Map.entry("gcs-finalized-binary.json", List.of(Outcome.Objects.class)),
          Map.entry("pubsub-push-gcs.json", List.of(Outcome.Objects.class)),
          Map.entry("cloudevent-pubsub-gcs.json", List.of(Outcome.Objects.class)),
          Map.entry("minio-webhook.json", List.of(Outcome.Objects.class)),
          Map.entry("knative-kafka-minio.json", List.of(Outcome.Objects.class)),
          Map.entry("direct-invoke.json", List.of(Outcome.Objects.class)));

  @Test
  void everySampleHasAnExpectation_andEveryExpectationASample() {
    assertThat(Samples.names()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  @Test
  void everySample_decodesAsDocumented() {
    for (String name : Samples.names()) {
      assertThat(Samples.decode(name))
          .as(name)
          .extracting(d -> d.outcome().getClass().getSimpleName())
          .containsExactlyElementsOf(
              EXPECTED.get(name).stream().map(Class::getSimpleName).toList());
    }
  }

  @Test
  void everySample_isInTheReadmeTable() throws IOException {
    String readme = Files.readString(Samples.dir().resolve("README.md"), StandardCharsets.UTF_8);

    for (String name : Samples.names()) {
      assertThat(readme).as(name).contains("| `" + name + "` |");
    }
  }

  @Test
  void everyCreatedKey_followsTheBucketLayout() {
    for (String name : Samples.names()) {
      for (Delivery d : Samples.decode(name)) {
        if (d.outcome() instanceof Outcome.Objects objects) {
          assertThat(objects.objects())
              .as(name)
              .allSatisfy(o -> assertThat(o.key()).startsWith("inbox/default/"));
        }
      }
    }
  }
}
