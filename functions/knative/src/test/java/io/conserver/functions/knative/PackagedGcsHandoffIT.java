package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.gcp.FakeGcsServer;
import io.conserver.platform.gcp.FakeGoogleToken;
import io.conserver.platform.gcp.GcsBlobStoreProvider;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.testing.S3Notifications;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hybrid hand-off from premises to Google Cloud: the packaged Knative function {@code
 * export-to-cloud-knative}, its destination a Google Cloud Storage bucket ({@link FakeGcsServer},
 * the JSON API routes the adapter uses) signed into with a service-account key passed by reference
 * ({@code credentials: {"service-account-key": "env:..."}}), whose token endpoint is {@link
 * FakeGoogleToken}. The redacted vCon must reach the cloud pipeline's inbox, through requests that
 * all carry the key's token, and nothing else; the key never appears in the function's log.
 */
class PackagedGcsHandoffIT {
  private static final String PIPELINE = "hybrid-gcs";
  private static final String CLOUD_BUCKET = "conserver-acme-cloud";

  @Test
  void theRedactedCopy_reachesTheCloudInbox_signedInWithTheServiceAccountKey() throws Exception {
    TestBucket bucket = TestBucket.shared();
    try (FakeGcsServer cloud = FakeGcsServer.start(CLOUD_BUCKET, 1000);
        FakeGoogleToken token = FakeGoogleToken.start()) {
      String key = token.serviceAccountKey("conserver-acme");
      ObjectNode options = KnativeEvents.JSON.createObjectNode();
      options.put("store", "gcs").put("bucket", CLOUD_BUCKET).put("pipeline", "hybrid-cloud");
      options.put("account", "tenant");
      options.putObject("settings").put("project", "conserver-acme").put("host", cloud.endpoint());
      options.putObject("credentials").put("service-account-key", "env:CLOUD_GCS_KEY");
      TestVcons.Vcon redacted = TestVcons.redactedCopy(TestVcons.vcon("hybrid to gcs"));
      BlobMetadata input =
          bucket
              .store()
              .putBytes(
                  BucketLayout.outputKey(PIPELINE, "redact", redacted.uuid()),
                  redacted.json(),
                  PutOptions.JSON);

      try (PackagedService service =
          PackagedService.start(
              bucket,
              Map.of(
                  "QUARKUS_FUNQY_EXPORT",
                  "export-to-cloud-knative",
                  "CONSERVER_PIPELINE",
                  PIPELINE,
                  "CONSERVER_PIPELINE_JSON",
                  TestVcons.handOffPipeline(PIPELINE, options),
                  "CLOUD_GCS_KEY",
                  key))) {
        KnativeEvents.binary(
                service.request(),
                "export-to-cloud-knative",
                KnativeEvents.nextId(),
                S3Notifications.minioNotification(TestBucket.BUCKET, input))
            .then()
            .statusCode(204);
        assertThat(service.output()).doesNotContain("PRIVATE KEY");
      }

      String copy = "inbox/hybrid-cloud/from-" + PIPELINE + "/" + redacted.uuid() + ".vcon.json";
      Map<String, String> settings =
          Map.of(
              "conserver.gcs.host",
              cloud.endpoint(),
              GcsBlobStoreProvider.SERVICE_ACCOUNT_KEY,
              key);
      BlobStore destination =
          new GcsBlobStoreProvider().open(CLOUD_BUCKET, n -> Optional.ofNullable(settings.get(n)));
      assertThat(destination.getBytes(copy, 1 << 20)).isEqualTo(redacted.json());
      assertThat(destination.list("")).singleElement();
      assertThat(token.requests()).as("the function exchanged the key for a token").isPositive();
      assertThat(cloud.unsupported()).isEmpty();
      assertThat(bucket.store().head(copy)).as("the tenant's own bucket got no copy").isEmpty();
    }
  }
}
