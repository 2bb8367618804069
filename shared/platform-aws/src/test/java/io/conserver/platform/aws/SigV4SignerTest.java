package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signer against AWS's published example, and the encoding rules S3 keys depend on. */
class SigV4SignerTest {
  private static final AwsCredentials EXAMPLE =
      new AwsCredentials(
          "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Optional.empty());

  /**
   * "Example: GET Object" of
   * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html: the first 10
   * bytes of test.txt in examplebucket, us-east-1, 2013-05-24T00:00:00Z, empty payload.
   */
  @Test
  void getObjectExample_givesTheDocumentedSignature() {
    Map<String, String> added =
        new SigV4Signer("us-east-1", "s3")
            .sign(
                "GET",
                "examplebucket.s3.amazonaws.com",
                "/test.txt",
                Map.of(),
                Map.of("range", "bytes=0-9"),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                EXAMPLE,
                Instant.parse("2013-05-24T00:00:00Z"));

    assertThat(added.get("authorization"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(added).containsEntry("x-amz-date", "20130524T000000Z");
    assertThat(added).doesNotContainKey("x-amz-security-token");
  }

  @Test
  void sessionToken_isSentAndSigned() {
    AwsCredentials temporary =
        new AwsCredentials(EXAMPLE.accessKeyId(), EXAMPLE.secretAccessKey(), Optional.of("tok"));

    Map<String, String> added =
        new SigV4Signer("eu-west-1", "s3")
            .sign(
                "HEAD",
                "b.s3.eu-west-1.amazonaws.com",
                "/k",
                Map.of(),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                temporary,
                Instant.parse("2026-11-26T10:00:00Z"));

    assertThat(added).containsEntry("x-amz-security-token", "tok");
    assertThat(added.get("authorization"))
        .contains("/20261126/eu-west-1/s3/aws4_request")
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token");
  }

  @Test
  void keysAreEncodedByteForByte_slashesKeptInPaths_notInQueries() {
    assertThat(SigV4Signer.uriEncode("inbox/a+b=c 100%.json", false))
        .isEqualTo("inbox/a%2Bb%3Dc%20100%25.json");
    assertThat(SigV4Signer.uriEncode("appel-été", false)).isEqualTo("appel-%C3%A9t%C3%A9");
    assertThat(SigV4Signer.uriEncode("a/b~_.-", true)).isEqualTo("a%2Fb~_.-");
    assertThat(SigV4Signer.canonicalQuery(Map.of("uploads", "", "prefix", "a/b", "list-type", "2")))
        .isEqualTo("list-type=2&prefix=a%2Fb&uploads=");
  }

  @Test
  void credentials_neverShowTheSecretOrToken() {
    AwsCredentials temporary =
        new AwsCredentials("AKIDEXAMPLE", "secret-value", Optional.of("token-value"));

    assertThat(temporary.toString())
        .contains("AKIDEXAMPLE")
        .doesNotContain("secret-value")
        .doesNotContain("token-value");
  }
}
