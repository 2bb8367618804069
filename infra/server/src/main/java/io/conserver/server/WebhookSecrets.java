package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.local.config.LocalConfig;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.TenantKeys;
import io.conserver.platform.secrets.TenantSecrets;
import io.conserver.vcon.VconJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Per-tenant webhook secrets, by reference, from {@code config.json}: {@code
 * tenants.<T>.webhooks.<source>.<member>} is {@code keys:NAME} (a file of the tenant's keys
 * folder), {@code env:NAME} or {@code config:key}, never the secret itself. The file is read again
 * only when it changed (its modification time), so a request costs a stat, not a parse.
 */
@ApplicationScoped
public class WebhookSecrets {
  private final Path data;
  private final TenantSecrets secrets;
  private volatile Snapshot snapshot = new Snapshot(null, null);

  WebhookSecrets(ServerConfig config) {
    this.data = Path.of(config.data());
    this.secrets = new TenantSecrets(SecretRefs.system(), TenantKeys.under(data));
  }

  private record Snapshot(FileTime modified, JsonNode config) {}

  /**
   * The secret a source's webhooks are checked with; empty when the tenant has not configured that
   * source (its endpoint then answers 404).
   *
   * @throws Problem.Failure 503 when the reference names nothing (an operator must fix it)
   */
  Optional<String> secret(String tenant, String source, String member) {
    JsonNode reference =
        config().path("tenants").path(tenant).path("webhooks").path(source).path(member);
    if (!reference.isTextual()) {
      return Optional.empty();
    }
    String setting = "tenants." + tenant + ".webhooks." + source + "." + member;
    try {
      return Optional.of(secrets.resolve(tenant, setting, reference.asText()));
    } catch (SecretReferenceException e) {
      throw Problem.failure(
          503,
          "misconfigured",
          "Service Unavailable",
          "the " + source + " webhook secret is not available: " + e.getMessage());
    }
  }

  /** A non-secret setting of the source (e.g. the public url Twilio signs). */
  Optional<String> setting(String tenant, String source, String member) {
    JsonNode value =
        config().path("tenants").path(tenant).path("webhooks").path(source).path(member);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private JsonNode config() {
    Path file = LocalConfig.file(data);
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Snapshot current = snapshot;
      if (!modified.equals(current.modified())) {
        current = new Snapshot(modified, VconJson.codec().read(Files.readAllBytes(file)));
        snapshot = current;
      }
      return current.config();
    } catch (IOException | RuntimeException e) {
      return VconJson.codec().read("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
