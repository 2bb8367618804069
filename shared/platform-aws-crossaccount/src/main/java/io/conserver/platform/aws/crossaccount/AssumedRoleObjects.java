package io.conserver.platform.aws.crossaccount;

import io.conserver.platform.aws.S3ClientFactory;
import io.conserver.platform.aws.S3Settings;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.HashedFile;
import io.conserver.platform.media.CrossAccountObjects;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * {@link CrossAccountObjects} on AWS: {@code sts:AssumeRole} with the role's external id (the
 * confused-deputy guard its trust policy requires;
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html), a 15-minute session,
 * then {@code GetObject} with the session's credentials, streamed and hashed to a temporary file.
 * The base credentials are the function's own (the default chain: the Lambda role, or a profile
 * locally). Outcomes: STS or S3 refusing (403, {@code AccessDenied}) is a configuration error that
 * says which policy to check; a missing object is the record's problem; throttling, 5xx and network
 * failures (after the SDK's own retries) are transient.
 */
public final class AssumedRoleObjects implements CrossAccountObjects {
  static final String SESSION = "conserver-ingest";

  private final URI stsEndpoint;
  private final Function<String, S3Settings> s3;
  private final Supplier<AwsCredentialsProvider> base;

  /**
   * AWS itself: the regional STS endpoint, S3 in the role's region, the default chain (built at the
   * first read: most ingests never read across accounts).
   */
  public AssumedRoleObjects() {
    this.stsEndpoint = null;
    this.s3 = S3Settings::aws;
    this.base = DefaultChain::provider;
  }

  private static final class DefaultChain {
    private static final AwsCredentialsProvider PROVIDER =
        DefaultCredentialsProvider.builder().build();

    static AwsCredentialsProvider provider() {
      return PROVIDER;
    }
  }

  /** Tests: an STS and an S3-compatible endpoint of their own, given base credentials. */
  public AssumedRoleObjects(
      URI stsEndpoint, Function<String, S3Settings> s3, AwsCredentialsProvider base) {
    this.stsEndpoint = stsEndpoint;
    this.s3 = s3;
    this.base = () -> base;
  }

  @Override
  public HashedFile download(Role role, String bucket, String key, Path tempDir)
      throws IOException, InvalidInputException, StageMisconfiguredException {
    Credentials session = assume(role);
    AwsSessionCredentials credentials =
        AwsSessionCredentials.create(
            session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
    try (S3Client client =
            S3ClientFactory.create(
                s3.apply(role.region()), StaticCredentialsProvider.create(credentials));
        ResponseInputStream<GetObjectResponse> in =
            client.getObject(b -> b.bucket(bucket).key(key))) {
      return HashedFile.copyOf(in, tempDir, FetchPolicy.DEFAULT_MAX_BYTES);
    } catch (NoSuchKeyException e) {
      throw new InvalidInputException(
          "the recording " + bucket + "/" + key + " is not in the bucket (NoSuchKey)");
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw new StageMisconfiguredException(
            "the assumed role "
                + role.arn()
                + " may not read "
                + bucket
                + "/"
                + key
                + " (AccessDenied): check its policy and the bucket policy");
      }
      if (e.statusCode() == 404) {
        throw new InvalidInputException("the bucket " + bucket + " does not exist (404)");
      }
      throw new IOException("S3 answered " + e.statusCode() + " reading " + bucket, e);
    } catch (SdkException e) {
      throw new IOException("reading " + bucket + " failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private Credentials assume(Role role) throws IOException, StageMisconfiguredException {
    StsClientBuilder builder =
        StsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(base.get())
            .region(Region.of(role.region()));
    if (stsEndpoint != null) {
      builder.endpointOverride(stsEndpoint);
    }
    try (StsClient sts = builder.build()) {
      return sts.assumeRole(
              r ->
                  r.roleArn(role.arn())
                      .externalId(role.externalId())
                      .roleSessionName(SESSION)
                      .durationSeconds(900))
          .credentials();
    } catch (StsException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if (e.statusCode() == 403 || e.statusCode() == 400) {
        throw new StageMisconfiguredException(
            "STS refused to assume "
                + role.arn()
                + " ("
                + code
                + "): check the role's trust policy (this account as principal, the external id)");
      }
      throw new IOException("STS answered " + e.statusCode() + " (" + code + ")", e);
    } catch (SdkException e) {
      throw new IOException("STS unreachable: " + e.getClass().getSimpleName(), e);
    }
  }
}
