package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStoreContract.PatternStream;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store while the object store sheds load (503 Slow Down from {@link FaultyEndpoint}, in
 * front of a real s3proxy, through the production client): a short burst is absorbed by the
 * client's retries with back-off; a longer outage makes the stage answer RETRY (the queue
 * redelivers later) with nothing written and the input kept; once the store is back the redelivery
 * writes the output exactly once. Proves the client and runner behaviour, not AWS's own throttling
 * thresholds.
 */
class StorageFaultsTest {
  private static final String ID = "019f2b3c-4d5e-8f60-8a1b-2c3d4e5f6a7b";
  private static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          """
          {"name": "calls", "stages": [{"name": "ingest", "function": "ingest"}]}
          """
              .getBytes(StandardCharsets.UTF_8),
          "calls.json");

  private FaultyEndpoint faulty;
  private S3Client direct;
  private S3BlobStore store;
  private S3BlobStore healthy;

  @BeforeEach
  void setUp() throws Exception {
    S3ProxyServer server = S3ProxyServer.shared();
    faulty = new FaultyEndpoint(server.endpoint());
    direct = server.client();
    String bucket = S3ProxyServer.newBucket(direct);
    S3Settings settings =
        S3Settings.compatible(faulty.endpoint()).withPartSize(S3Settings.MIN_PART_SIZE);
    store = new S3BlobStore(server.connection(settings, sent -> {}), bucket, settings);
    healthy =
        new S3BlobStore(
            server.connection(server.settings(), sent -> {}), bucket, server.settings());
  }

  @AfterEach
  void tearDown() throws Exception {
    direct.close();
    faulty.close();
  }

  @Test
  void aShortBurstOfSlowDowns_isAbsorbedByTheClientsRetries() {
    faulty.refuseNext(2);

    var written =
        store.putBytesIfAbsent("a/b.json", "{}".getBytes(StandardCharsets.UTF_8), PutOptions.JSON);

    assertThat(written).isPresent();
    assertThat(faulty.refused()).isEqualTo(2);
    assertThat(healthy.getBytes("a/b.json", 100)).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBucketInAnotherRegion_failsAtOnce_namingTheRegionToConfigure() {
    faulty.redirectNext(5, "eu-west-1");

    assertThatThrownBy(() -> store.getBytes("a/b.json", 100))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 301 PermanentRedirect (request id 4442587FB7D0A2F9)")
        .hasMessageContaining("the bucket is in region eu-west-1: set the store's region to it");
    assertThat(faulty.refused()).as("a redirect is not retried").isEqualTo(1);
    assertThatThrownBy(() -> store.head("a/b.json"))
        .as("HEAD has no error body: the header alone names the region")
        .hasMessageContaining("region eu-west-1");
  }

  @Test
  void warmingUp_opensNoConnection() {
    store.warmUp();

    assertThat(faulty.forwarded()).isZero();
    assertThat(faulty.refused()).isZero();
  }

  @Test
  void aStreamedBody_isNotRetriedInPlace_theCallerRetriesTheStep() {
    long large = S3BlobStore.IN_MEMORY_PUT + 1;
    faulty.refuseNext(1);

    assertThatThrownBy(
            () -> store.put("media/m.bin", new PatternStream(large), large, PutOptions.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("SlowDown");

    assertThat(faulty.refused()).isEqualTo(1);
    assertThat(healthy.head("media/m.bin")).isEmpty();
  }

  @Test
  void aLongerOutage_isRetriedByTheQueue_withNothingWritten_thenWrittenOnce() {
    BlobMetadata input =
        healthy.putBytes(
            "inbox/calls/call.json",
            ("{\"uuid\":\"" + ID + "\",\"created_at\":\"2026-11-26T10:00:00Z\",\"parties\":[]}")
                .getBytes(StandardCharsets.UTF_8),
            PutOptions.JSON);
    ObjectCreated event =
        new ObjectCreated("acme", store.bucket(), input.key(), input.size(), input.version());
    StageRunner runner =
        new StageRunner(store, "acme", PIPELINE, "ingest", passThrough(), Clock.systemUTC());

    faulty.refuseNext(1_000);
    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(faulty.refused()).isGreaterThan(1); // the client retried before giving up
    assertThat(healthy.list("vcons/")).isEmpty();
    assertThat(healthy.list("quarantine/")).isEmpty();
    assertThat(healthy.head(input.key())).isPresent();

    faulty.refuseNext(0);
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(runner.handle(event, 3)).isEqualTo(StageOutcome.DUPLICATE);

    assertThat(healthy.list("vcons/calls/ingest/")).hasSize(1);
    assertThat(new Ledger(healthy).records(ID)).hasSize(1);
  }

  private static Transformation passThrough() {
    return new Transformation() {
      @Override
      public String function() {
        return "ingest";
      }

      @Override
      public StageResult apply(StageInput input) throws InvalidInputException {
        return StageResult.of(input.vcon());
      }
    };
  }
}
