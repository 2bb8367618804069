package io.conserver.platform.aws;

import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The BlobStore contract on the S3 adapter, run against s3proxy in-process.
 *
 * <p>What it proves: the adapter's own S3 REST client (the JDK's HTTP client, SigV4 signing, signed
 * payload hashes, path-style addressing) speaks the real S3 wire protocol to a real S3-compatible
 * server that checks every signature; conditional creates are decided by the server ({@code
 * If-None-Match: *}, 412) including under contention; unknown-length streams go through a real
 * multipart upload (5 MiB parts here, so the contract's 6 MiB stream has two parts); listing pages
 * past 1,000 keys with continuation tokens; unusual keys survive the client's URL encoding.
 *
 * <p>What it does not prove: behaviour specific to AWS itself — IAM policies and the 403-for-404
 * rule without s3:ListBucket, SSE-KMS, bucket policies, object lock, S3's 409
 * ConditionalRequestConflict, eventual details of AWS's multipart checksum validation, throttling
 * (503 SlowDown) and retries. s3proxy's transient backend is one process, so "atomic" here means
 * atomic within s3proxy.
 */
class S3BlobStoreContractTest extends BlobStoreContract {
  private static S3ProxyServer server;
  private static S3Client client;

  @BeforeAll
  static void startClient() {
    server = S3ProxyServer.shared();
    client = server.client();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Override
  protected BlobStore store() {
    return server.newStore(client);
  }
}
