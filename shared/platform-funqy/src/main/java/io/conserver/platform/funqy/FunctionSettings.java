package io.conserver.platform.funqy;

import java.util.Optional;
import java.util.function.Function;

/**
 * A deployment's configuration, the same names everywhere (Terraform sets them as environment
 * variables: {@code CONSERVER_TENANT} is {@code conserver.tenant}):
 *
 * <ul>
 *   <li>{@code conserver.tenant}, {@code conserver.bucket}: the one tenant and bucket this
 *       deployment serves (tenant isolation: nothing else is ever read or written);
 *   <li>{@code conserver.store}: {@code s3}, {@code gcs} or {@code file} (default: the only cloud
 *       store in the package, else {@code file});
 *   <li>{@code conserver.pipeline}: the pipeline name; {@code conserver.pipeline-json}: its
 *       declaration (Terraform passes the file's content), else {@code pipelines/<name>.json} on
 *       the classpath;
 *   <li>{@code conserver.stage}: the stage, when the pipeline uses the function more than once;
 *   <li>{@code conserver.party-index-key}: the tenant's party-index HMAC key, base64, from the
 *       secret store (never logged); without it the deployment keeps no party index.
 * </ul>
 */
public record FunctionSettings(Function<String, Optional<String>> lookup) {
  public String required(String name) {
    return lookup
        .apply(name)
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "configuration " + name + " (env " + envName(name) + ") is not set"));
  }

  public Optional<String> optional(String name) {
    return lookup.apply(name).filter(v -> !v.isBlank());
  }

  static String envName(String name) {
    return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * System properties first, then environment variables (CONSERVER_TENANT for conserver.tenant).
   */
  public static FunctionSettings fromEnvironment() {
    return new FunctionSettings(
        name ->
            Optional.ofNullable(System.getProperty(name))
                .or(() -> Optional.ofNullable(System.getenv(envName(name)))));
  }
}
