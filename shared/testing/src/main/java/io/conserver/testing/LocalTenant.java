package io.conserver.testing;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.FileSystemBlobStoreProvider;
import io.conserver.platform.storage.PutOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's bucket on local disk (the real filesystem store, as an on-premise shared volume uses
 * it) with a one-stage pipeline running {@link RelayTransformation}, configured the way a
 * deployment is ({@link #settings()}): for the queue adapters' tests, which are about the broker,
 * not the store. {@link #storeDown()} takes the bucket's disk away (every read and write fails, so
 * even a failure cannot be recorded) until {@link #storeBack()}.
 */
public final class LocalTenant {
  public static final String TENANT = "acme";
  public static final String BUCKET = "conserver-acme";
  public static final String STAGE = "relay";
  public static final int MAX_RECEIVE_COUNT = 3;
  private static final String PIPELINE_JSON =
      "{\"name\":\"default\",\"stages\":[{\"name\":\""
          + STAGE
          + "\",\"function\":\""
          + RelayTransformation.FUNCTION
          + "\",\"max_receive_count\":"
          + MAX_RECEIVE_COUNT
          + "}]}";

  private final Path root;
  private final BlobStore store;

  public LocalTenant(Path root) {
    this.root = root;
    this.store =
        new FileSystemBlobStoreProvider().open(BUCKET, n -> Optional.ofNullable(settings().get(n)));
  }

  /** The deployment's configuration ({@code CONSERVER_*} as properties). */
  public Map<String, String> settings() {
    return Map.of(
        "conserver.tenant",
        TENANT,
        "conserver.bucket",
        BUCKET,
        "conserver.store",
        "file",
        "conserver.file.root",
        root.toString(),
        "conserver.pipeline",
        "default",
        "conserver.pipeline-json",
        PIPELINE_JSON,
        "conserver.function",
        RelayTransformation.FUNCTION);
  }

  public BlobStore store() {
    return store;
  }

  /** Drops a vCon in the inbox; returns the bucket notification MinIO would publish for it. */
  public byte[] drop(TestVcons.Vcon vcon) {
    BlobMetadata object =
        store.putBytes("inbox/default/" + vcon.uuid() + ".json", vcon.json(), PutOptions.JSON);
    return S3Notifications.minioNotification(BUCKET, object).getBytes(StandardCharsets.UTF_8);
  }

  public static String outputKey(String uuid) {
    return TestVcons.outputKey(STAGE, uuid);
  }

  /** Replaces the bucket's folder by a file: every store operation fails. */
  public void storeDown() throws IOException {
    Files.move(root.resolve(BUCKET), root.resolve(BUCKET + ".away"));
    Files.writeString(root.resolve(BUCKET), "the volume is gone");
  }

  public void storeBack() throws IOException {
    Files.delete(root.resolve(BUCKET));
    Files.move(root.resolve(BUCKET + ".away"), root.resolve(BUCKET));
  }
}
