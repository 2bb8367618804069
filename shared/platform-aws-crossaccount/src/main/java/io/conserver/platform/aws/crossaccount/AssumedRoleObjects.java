package io.conserver.platform.aws.crossaccount;

import io.conserver.platform.aws.AwsCredentialChain;
import io.conserver.platform.aws.AwsCredentials;
import io.conserver.platform.aws.S3BlobStore;
import io.conserver.platform.aws.S3Failure;
import io.conserver.platform.aws.S3Settings;
import io.conserver.platform.aws.StsAssumeRole;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.HashedFile;
import io.conserver.platform.media.CrossAccountObjects;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link CrossAccountObjects} on AWS: {@code sts:AssumeRole} with the role's external id (the
 * confused-deputy guard its trust policy requires;
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html), a 15-minute session,
 * then {@code GetObject} with the session's credentials, streamed and hashed to a temporary file.
 * The caller's credentials are the function's own ({@link AwsCredentialChain}: the Lambda role's,
 * from the environment). Both calls go through the platform's own STS and S3 clients, no AWS SDK,
 * so every package can carry this reader. Outcomes: STS or S3 refusing (403, {@code AccessDenied})
 * is a configuration error that says which policy to check; a missing object is the record's
 * problem; throttling, 5xx and network failures (after the clients' own retries) are transient.
 */
public final class AssumedRoleObjects implements CrossAccountObjects {
  static final String SESSION = "conserver-ingest";
  static final int SESSION_SECONDS = 900;

  private final URI stsEndpoint;
  private final Function<String, S3Settings> s3;
  private final Supplier<AwsCredentials> caller;

  /**
   * AWS itself: the regional STS endpoint, S3 in the role's region, the function's own credentials
   * (looked up at the first read: most ingests never read across accounts).
   */
  public AssumedRoleObjects() {
    this.stsEndpoint = null;
    this.s3 = S3Settings::aws;
    this.caller = () -> AwsCredentialChain.standard(System.getenv()).get();
  }

  /** Tests: an STS and an S3-compatible endpoint of their own, given caller credentials. */
  public AssumedRoleObjects(
      URI stsEndpoint, Function<String, S3Settings> s3, AwsCredentials caller) {
    this.stsEndpoint = stsEndpoint;
    this.s3 = s3;
    this.caller = () -> caller;
  }

  @Override
  public HashedFile download(Role role, String bucket, String key, Path tempDir)
      throws IOException, InvalidInputException, StageMisconfiguredException {
    AwsCredentials session = assume(role);
    S3BlobStore other = S3BlobStore.open(s3.apply(role.region()), () -> session, bucket);
    try (InputStream in = other.get(key)) {
      return HashedFile.copyOf(in, tempDir, FetchPolicy.DEFAULT_MAX_BYTES);
    } catch (BlobNotFoundException e) {
      throw new InvalidInputException(
          "the recording " + bucket + "/" + key + " is not in the bucket (NoSuchKey)");
    } catch (StorageException e) {
      int status = e.getCause() instanceof S3Failure failure ? failure.status() : -1;
      if (status == 403) {
        throw new StageMisconfiguredException(
            "the assumed role "
                + role.arn()
                + " may not read "
                + bucket
                + "/"
                + key
                + " (AccessDenied): check its policy and the bucket policy");
      }
      if (status == 404) {
        throw new InvalidInputException("the bucket " + bucket + " does not exist (404)");
      }
      throw new IOException("reading " + bucket + " failed: " + e.getMessage(), e);
    }
  }

  private AwsCredentials assume(Role role) throws IOException, StageMisconfiguredException {
    try {
      return new StsAssumeRole(stsEndpoint, caller)
          .assume(role.arn(), role.externalId(), SESSION, SESSION_SECONDS, role.region());
    } catch (S3Failure e) {
      if (e.status() == 403 || e.status() == 400) {
        throw new StageMisconfiguredException(
            "STS refused to assume "
                + role.arn()
                + " ("
                + e.code()
                + "): check the role's trust policy (this account as principal, the external id)");
      }
      throw new IOException("STS: " + e.detail(), e);
    } catch (IllegalStateException e) {
      throw new StageMisconfiguredException(e.getMessage());
    }
  }
}
