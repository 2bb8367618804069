package io.conserver.platform.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code sts:AssumeRole} over the STS Query API
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html): a SigV4-signed form
 * POST to the regional endpoint with the caller's own credentials, answered with the session's
 * temporary credentials. No AWS SDK: the same signer and HTTP client as the S3 store.
 */
public final class StsAssumeRole {
  private static final Set<String> CREDENTIALS =
      Set.of("AccessKeyId", "SecretAccessKey", "SessionToken");

  private final URI endpoint;
  private final Supplier<AwsCredentials> caller;

  /**
   * @param endpoint an STS endpoint of its own (tests), or null for {@code
   *     https://sts.REGION.amazonaws.com/}
   * @param caller the credentials that ask (the function's own)
   */
  public StsAssumeRole(URI endpoint, Supplier<AwsCredentials> caller) {
    this.endpoint = endpoint;
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  /**
   * The role's session credentials.
   *
   * @throws S3Failure STS's refusal (its status and error code, e.g. 403 AccessDenied) or, with
   *     status -1, the network's failure after the retries
   */
  public AwsCredentials assume(
      String roleArn, String externalId, String sessionName, int seconds, String region) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Action", "AssumeRole");
    form.put("Version", "2011-06-15");
    form.put("RoleArn", roleArn);
    form.put("RoleSessionName", sessionName);
    form.put("ExternalId", externalId);
    form.put("DurationSeconds", Integer.toString(seconds));
    StringBuilder encoded = new StringBuilder();
    form.forEach(
        (name, value) ->
            encoded
                .append(encoded.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(SigV4Signer.uriEncode(value, true)));
    byte[] body = encoded.toString().getBytes(StandardCharsets.UTF_8);
    URI target =
        endpoint != null ? endpoint : URI.create("https://sts." + region + ".amazonaws.com/");
    String host = target.getRawAuthority();
    String path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    String url = target.getScheme() + "://" + host + path;
    SignedHttp.Body request = SignedHttp.Body.bytes(body, body.length);
    SigV4Signer signer = new SigV4Signer(region, "sts");

    try (SignedHttp.Response answer =
        SignedHttp.withRetries(
            true,
            () -> {
              Map<String, String> headers =
                  signer.sign(
                      "POST",
                      host,
                      path,
                      Map.of(),
                      Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                      request.sha256(),
                      caller.get(),
                      Instant.now());
              return SignedHttp.exchange("AssumeRole", url, "POST", headers, request, null);
            })) {
      Map<String, String> session = AwsXml.leaves(answer.readAll(64 * 1024), CREDENTIALS);
      if (!session.keySet().containsAll(CREDENTIALS)) {
        throw new S3Failure(
            answer.status(), "MalformedAnswer", "AssumeRole gave no credentials", null);
      }
      return new AwsCredentials(
          session.get("AccessKeyId").trim(),
          session.get("SecretAccessKey").trim(),
          Optional.of(session.get("SessionToken").trim()));
    }
  }
}
