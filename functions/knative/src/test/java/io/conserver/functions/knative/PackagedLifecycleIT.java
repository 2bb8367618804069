package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestLifecycle;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The k8s-tenant lifecycle CronJob's container, short of the container: the Dockerfile's entry
 * point, run by {@code sh} as the runtime runs it (with {@code /deployments/quarkus-app} pointing
 * at the built {@code target/quarkus-app}), given the job's args ({@code --lifecycle}) and the
 * job's environment, against the tenant's bucket on s3proxy. The run must end on its own with
 * status 0 and its summary, and a misconfigured one with a non-zero status and one line. Expiry of
 * a copy past its retention is {@code LifecycleOnceTest}'s (this run is on the system clock, and an
 * S3 store's object times cannot be set back).
 */
class PackagedLifecycleIT {
  private static final TestBucket BUCKET = TestBucket.shared();

  private static Map<String, String> jobEnvironment() {
    Map<String, String> env = new HashMap<>(BUCKET.environment());
    env.remove("CONSERVER_PIPELINE"); // the job serves every pipeline: CONSERVER_PIPELINES_JSON
    env.putAll(
        TestLifecycle.environment(
            LifecycleOnceTest.PIPELINE, ReceiptKeyPem.format(ReceiptSigner.generateKeyPair())));
    return env;
  }

  @Test
  void theCronJobsArgs_runTheLifecycleOnce_andExitZeroWithItsSummary() throws Exception {
    Vcon vcon = TestVcons.vcon("packaged lifecycle");
    String copy = "vcons/" + LifecycleOnceTest.PIPELINE + "/ingest/" + vcon.uuid() + ".vcon.json";
    BUCKET.store().putBytes(copy, vcon.json(), PutOptions.JSON);

    Exit exit = KnativeImage.run(jobEnvironment(), "--lifecycle");

    assertThat(exit.status()).as(exit.err()).isZero();
    assertThat(exit.out().lines()).as("stdout: the summary alone").hasSize(1);
    assertThat(exit.err()).as("the run's log, INFO and up").contains("INFO", "planning: ");
    assertThat(exit.err()).doesNotContain("DEBUG", "DelayedHandler");
    JsonNode summary = KnativeEvents.JSON.readTree(exit.out());
    assertThat(summary.path("tenant").asText()).isEqualTo(TestBucket.TENANT);
    assertThat(summary.path("status").asText()).isEqualTo("nothing-due");
    assertThat(summary.path("run").asText()).startsWith("ex-");
    assertThat(summary.path("counts").isObject()).isTrue();
    assertThat(BUCKET.store().head(copy)).as("a fresh copy is within its 30 days").isPresent();
  }

  @Test
  void aMissingSetting_exitsNonZero_withOneLineNamingIt() throws Exception {
    Map<String, String> env = jobEnvironment();
    env.remove("CONSERVER_PIPELINES_JSON");

    Exit exit = KnativeImage.run(env, "--lifecycle");

    assertThat(exit.failure(OneShot.CONFIGURATION))
        .isEqualTo(
            "lifecycle: configuration error: configuration conserver.pipelines-json"
                + " (env CONSERVER_PIPELINES_JSON) is not set");
  }

  @Test
  void anUnknownArgument_exitsNonZero_insteadOfStartingTheServer() throws Exception {
    Exit exit = KnativeImage.run(jobEnvironment(), "--lifecycel");

    assertThat(exit.status()).isEqualTo(OneShot.USAGE);
    assertThat(exit.err().lines()).singleElement().asString().contains("--lifecycel");
  }
}
