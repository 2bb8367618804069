package io.conserver.functions.cloudexport;

import io.conserver.platform.media.MediaStore;
import io.conserver.platform.outside.ThirdPartyPolicy;
import io.conserver.platform.runner.PipelineHandoff;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The hybrid hand-off ({@code export-to-cloud}): the redacted vCon, stripped of every reference to
 * an original recording ({@link CloudCopy}), is written create-if-absent into the inbox of the
 * tenant's cloud pipeline in its cloud bucket ({@code inbox/<cloud pipeline>/from-<this
 * pipeline>/<uuid>.vcon.json}), where the cloud pipeline's first stage picks it up. Masked
 * recordings go along only when the options allow them, content-addressed under the same {@code
 * media/} key. An original is refused (quarantined with the reason); a redelivery writes nothing
 * twice; a different vCon already under the key is refused, never overwritten; the cloud store down
 * is a transient failure (retried), and as each object is one atomic write, nothing is ever
 * half-written there. The stage's own output is the copy that was sent, and its ledger record names
 * the destination and the hash of what was sent.
 *
 * <p>Kept out of {@code functions/export}: export pushes rows to business tools and journals them
 * for erase; this stage moves a pipeline's data between two stores of the same tenant and carries
 * the premises' redaction guarantee. Separate modules keep each small and single-purpose.
 */
public final class ExportToCloudTransformation implements Transformation {
  static final String FUNCTION = "export-to-cloud";

  private final DestinationStores destinations;

  public ExportToCloudTransformation() {
    this(SecretRefs.system());
  }

  ExportToCloudTransformation(SecretRefs secrets) {
    this.destinations = new DestinationStores(secrets);
  }

  @Override
  public String function() {
    return FUNCTION;
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    CloudExportOptions options = CloudExportOptions.of(input.options());
    MediaStore media = input.media();
    CloudCopy copy =
        CloudCopy.of(input.vcon(), options.media(), url -> media.keyOf(url).isPresent());
    BlobStore cloud = destinations.open(options);
    List<String> records = new ArrayList<>();
    for (String url : copy.mediaUrls()) {
      String key = media.keyOf(url).orElseThrow();
      copyMedia(input, cloud, key);
      records.add(
          transfer(options, cloud, key, input.head(key).map(BlobMetadata::size).orElse(-1L)));
    }
    String key =
        PipelineHandoff.intoStore(cloud, input.pipeline().name())
            .handTo(options.pipeline(), copy.vcon());
    byte[] sent = copy.vcon().toBytes();
    records.add(transfer(options, cloud, key, sent.length) + ":" + ContentHash.sha512(sent));
    copy.withheld().forEach(w -> records.add("withheld-on-premise:" + w));
    return StageResult.of(copy.vcon(), records, Usage.NONE);
  }

  /** Streams one masked recording to the same content-addressed key; there already: nothing. */
  private static void copyMedia(StageInput input, BlobStore cloud, String key) throws Exception {
    BlobMetadata source = input.head(key).orElseThrow(() -> new BlobNotFoundException(key));
    if (cloud.head(key).isPresent()) {
      return;
    }
    try (InputStream in = input.open(key)) {
      cloud.putIfAbsent(key, in, source.size(), PutOptions.of(source.contentType()));
    }
  }

  /**
   * The ledger entry of one transfer: {@code sent-to-cloud:s3://bucket/key:N bytes}, in the format
   * of {@link ThirdPartyPolicy#transferRecord} ({@code sent-outside:…}) when the bucket is not in
   * the tenant's own account.
   */
  private static String transfer(
      CloudExportOptions options, BlobStore cloud, String key, long bytes) {
    String destination = options.store() + "://" + cloud.bucket() + "/" + key;
    return options.tenantAccount()
        ? "sent-to-cloud:" + destination + ":" + bytes + " bytes"
        : ThirdPartyPolicy.transferRecord("cloud-bucket", destination, bytes, "bytes");
  }
}
