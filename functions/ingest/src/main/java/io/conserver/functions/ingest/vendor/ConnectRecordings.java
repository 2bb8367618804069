package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.fetch.HashedFile;
import io.conserver.platform.media.CrossAccountObjects;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An Amazon Connect recording in Connect's own bucket, in another AWS account ({@code
 * options.fetch_media.connect}: {@code role_arn}, {@code external_id_ref}, {@code region}), read by
 * assuming that role ({@link CrossAccountObjects}). The reader is in the AWS Lambda and Knative
 * packages and the local runtime, not in the Cloud Functions package (no AWS client there), which
 * says so here.
 */
public final class ConnectRecordings {
  public static final String OPTION = "options.fetch_media.connect";
  private static final String BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

  private final CrossAccountObjects.Role role;
  private final CrossAccountObjects reader;

  public ConnectRecordings(
      JsonNode settings, SecretRefs secrets, Optional<CrossAccountObjects> reader)
      throws StageMisconfiguredException {
    VendorSettings s = new VendorSettings(settings, OPTION, secrets);
    this.role =
        new CrossAccountObjects.Role(
            s.required("role_arn", "arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}"),
            s.secret("external_id_ref"),
            s.required("region", "[a-z]{2}(-[a-z]+)+-[0-9]"));
    this.reader =
        reader.orElseThrow(
            () ->
                new StageMisconfiguredException(
                    OPTION
                        + " needs the cross-account reader (conserver-platform-aws-crossaccount),"
                        + " which this package does not carry (the Cloud Functions package has no"
                        + " AWS client); run ingest in the AWS Lambda or Knative package or the"
                        + " local runtime"));
  }

  /** {@code location} is the CTR's {@code bucket/key}. */
  public HashedFile download(String location, String pointer, Path tempDir)
      throws IOException, InvalidInputException, StageMisconfiguredException {
    int slash = location.indexOf('/');
    String bucket = slash > 0 ? location.substring(0, slash) : "";
    if (!bucket.matches(BUCKET) || slash == location.length() - 1) {
      throw new InvalidInputException(pointer + ": the recording location must be bucket/key");
    }
    return reader.download(role, bucket, location.substring(slash + 1), tempDir);
  }
}
