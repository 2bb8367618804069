package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.storage.BlobStoreContract.PatternStream;
import io.conserver.platform.storage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The client exactly as production builds it: aws-chunked bodies with a trailing CRC32 checksum
 * (single put) and multipart parts with the CRC32 algorithm declared at creation and each part's
 * checksum listed at completion. s3proxy verifies those checksums. Its habit of dropping the
 * connection before reading the chunked trailer (see {@link S3ProxyServer#clientBuilder}) makes
 * some attempts fail, so this test allows many retries and makes only unconditional writes, which
 * are safe to repeat.
 */
class ProductionWireFormatTest {
  @Test
  void awsChunkedBodiesWithChecksums_areAcceptedAndStoredExactly() throws IOException {
    S3ProxyServer server = S3ProxyServer.shared();
    try (S3Client client =
        server
            .chunkedClientBuilder(server.settings())
            .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(20)))
            .build()) {
      S3BlobStore store =
          new S3BlobStore(client, S3ProxyServer.newBucket(client), server.settings());
      long size = S3Settings.MIN_PART_SIZE + 1024L * 1024 + 17;

      store.putBytes("small.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
      store.put("media/big.bin", new PatternStream(size), -1, PutOptions.BINARY);

      assertThat(store.getBytes("small.json", 100)).asString().isEqualTo("{\"a\":1}");
      try (InputStream in = store.get("media/big.bin")) {
        assertThat(PatternStream.matches(in, size)).isTrue();
      }
    }
  }
}
