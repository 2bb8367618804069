package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void emptyEnvironment_meansAwsWithTheSdkRegionChain() {
    S3Settings settings = S3Settings.fromEnvironment(Map.of());

    assertThat(settings.endpoint()).isNull();
    assertThat(settings.region()).isNull();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.caBundle()).isNull();
    assertThat(settings.checksums()).isTrue();
    assertThat(settings.partSize()).isEqualTo(S3Settings.DEFAULT_PART_SIZE);
  }

  @Test
  void awsRegion_isTakenFromTheLambdaVariable() {
    assertThat(S3Settings.fromEnvironment(Map.of("AWS_REGION", "eu-west-3")).region())
        .isEqualTo("eu-west-3");
    assertThat(
            S3Settings.fromEnvironment(
                    Map.of("AWS_REGION", "eu-west-3", "CONSERVER_S3_REGION", "us-west-2"))
                .region())
        .isEqualTo("us-west-2");
  }

  @Test
  void customEndpoint_defaultsToPathStyleAndAnyRegion_andEveryOptionIsRead() {
    S3Settings settings =
        S3Settings.fromEnvironment(
            Map.of(
                "CONSERVER_S3_ENDPOINT", "https://minio.internal:9000",
                "CONSERVER_S3_CA_BUNDLE", "/etc/conserver/ca.pem",
                "CONSERVER_S3_CHECKSUMS", "false",
                "CONSERVER_S3_PART_SIZE_MB", "16"));

    assertThat(settings.endpoint()).isEqualTo(URI.create("https://minio.internal:9000"));
    assertThat(settings.pathStyle()).isTrue();
    assertThat(settings.region()).isEqualTo("us-east-1");
    assertThat(settings.caBundle()).isEqualTo(Path.of("/etc/conserver/ca.pem"));
    assertThat(settings.checksums()).isFalse();
    assertThat(settings.partSize()).isEqualTo(16 * 1024 * 1024);
    assertThat(
            S3Settings.fromEnvironment(
                    Map.of(
                        "CONSERVER_S3_ENDPOINT",
                        "https://s3.internal",
                        "CONSERVER_S3_PATH_STYLE",
                        "no"))
                .pathStyle())
        .isFalse();
  }

  @Test
  void endpointWithCredentials_isRefused_soTheyCannotReachALog() {
    assertThatThrownBy(() -> S3Settings.compatible(URI.create("https://key:secret@minio:9000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void badValues_areRefusedAtStartUp() {
    assertThatThrownBy(() -> S3Settings.compatible(URI.create("ftp://minio")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Settings.compatible(URI.create("minio:9000")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Settings.aws(null).withPartSize(1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("CONSERVER_S3_PATH_STYLE", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONSERVER_S3_PATH_STYLE");
  }
}
