package io.conserver.platform.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The {@link BlobStoreContract} on {@link GcsBlobStore}, driving the real {@code
 * google-cloud-storage} client (HTTP transport) against {@link FakeGcsServer} on loopback.
 *
 * <p>What it proves: the requests the real client makes for each port operation (multipart for
 * small writes, resumable sessions with several chunk PUTs for large and unknown-length streams,
 * metadata GET, media download, paged list, delete) and our mapping of the answers: 412 on {@code
 * ifGenerationMatch=0} becomes an empty create-if-absent (exactly one winner among concurrent
 * writers, because the fake checks and sets atomically as GCS does), 404 becomes an empty head, a
 * {@code BlobNotFoundException} or a false delete, and every page of a list is followed. The fake
 * refuses (501) any route or parameter it does not implement, and each test checks none was sent.
 *
 * <p>What it does not prove: real GCS consistency and latency, IAM and authentication (the client
 * runs with no credentials), CMEK or other encryption options, retries (turned off here), and that
 * the fake is faithful beyond the routes used: it follows the public JSON API documentation and the
 * client's observed requests, and was not checked against the live service.
 */
class GcsBlobStoreContractTest extends BlobStoreContract {
  private FakeGcsServer server;

  @BeforeEach
  void startServer() throws Exception {
    // A server per test is a fresh, empty bucket. Pages of 100 make the contract's
    // 1,050-object listing follow eleven pages.
    server = FakeGcsServer.start(GcsTestStores.BUCKET, 100);
  }

  @AfterEach
  void stopServer_afterCheckingTheClientSentOnlyWhatTheFakeImplements() {
    try {
      assertThat(server.unsupported()).isEmpty();
    } finally {
      server.close();
    }
  }

  @Override
  protected BlobStore store() {
    return GcsTestStores.store(server);
  }
}
