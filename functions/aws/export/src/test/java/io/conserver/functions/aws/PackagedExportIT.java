package io.conserver.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.testing.PackagedStage;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestLifecycle;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export package's {@code target/function.zip} under the real Lambda runtime client (see {@link
 * PackagedFunction}): without {@code QUARKUS_FUNQY_EXPORT} it runs export, which reaches the
 * default pipeline's files sink and journals the export; it carries the PostgreSQL driver the light
 * package leaves out, and not the ingest function.
 */
class PackagedExportIT {
  @TempDir static Path taskRoot;
  private static TestBucket bucket;

  @BeforeAll
  static void unpack() throws IOException {
    PackagedFunction.unpack(taskRoot);
    bucket = TestBucket.shared();
  }

  @Test
  void byDefault_thePackageRunsExport_toTheDefaultFilesSink() throws Exception {
    Vcon vcon = TestVcons.vcon("exported");

    try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, Map.of())) {
      PackagedStage.runs(bucket, "export", vcon, function::deliverOverSqs);
    }
    assertThat(bucket.store().head("sinks/journal/" + vcon.uuid() + "/lake.json")).isPresent();
  }

  @Test
  void theLifecycleFunction_runsATick_withItsReceiptSigner() throws Exception {
    KeyPair keys = ReceiptSigner.generateKeyPair();
    Map<String, String> env =
        TestLifecycle.environment("packaged-lifecycle", ReceiptKeyPem.format(keys));
    env.put("QUARKUS_FUNQY_EXPORT", "lifecycle");

    try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, env)) {
      PackagedFunction.Invocation result = function.api().invoke("{\"source\":\"aws.scheduler\"}");

      assertThat(result.error()).as(() -> result.body() + "\n" + function.output()).isFalse();
      // Nothing is due on the system clock (LifecycleEntryTest runs expiry on a set clock); the
      // run reads the receipt key into the signer, which is what failed without nimbus-jose-jwt.
      assertThat(result.json().path("status").asText()).as(result::body).isEqualTo("nothing-due");
      assertThat(result.json().path("tenant").asText()).isEqualTo(TestBucket.TENANT);
    }
  }

  @Test
  void thePackageCarriesThePostgresDriver_butNotTheIngestFunction() throws IOException {
    Path zip = Path.of(System.getProperty("conserver.function-zip", "target/function.zip"));
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<String> jars =
          file.stream().map(e -> e.getName()).filter(n -> n.startsWith("lib/")).toList();
      assertThat(jars).anyMatch(n -> n.contains("org.postgresql.postgresql-"));
      assertThat(jars).noneMatch(n -> n.contains("conserver-function-ingest"));
    }
  }
}
