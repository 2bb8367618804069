package io.conserver.functions.export.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.sinks.saas.SaasEnvironment;
import io.conserver.functions.export.sinks.saas.SalesforceSink;
import io.conserver.functions.export.sinks.saas.SheetsSink;
import io.conserver.platform.pipeline.SinkDeclaration;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Builds a {@link Sink} from a pipeline's {@link SinkDeclaration}, by its type. */
public final class Sinks {
  /** PostgreSQL keeps its documented schema; a webhook receives the whole vCon. */
  private static final java.util.Set<String> NO_FIELDS = java.util.Set.of("postgres", "webhook");

  private final SecretRefs secrets;
  private final ExportArea area;
  private final SaasEnvironment saas;

  public Sinks(SecretRefs secrets, ExportArea area) {
    this(secrets, area, SaasEnvironment.production());
  }

  public Sinks(SecretRefs secrets, ExportArea area, SaasEnvironment saas) {
    this.secrets = secrets;
    this.area = area;
    this.saas = saas;
  }

  public Sink create(SinkDeclaration declaration) throws SinkRejectedException {
    ObjectNode settings = declaration.settings();
    String name = declaration.name();
    if (settings.has("fields") && NO_FIELDS.contains(declaration.type())) {
      throw new SinkRejectedException(
          "sink " + name + ": a " + declaration.type() + " sink takes no fields mapping");
    }
    switch (declaration.type()) {
      case "files":
        return files(name, settings);
      case "postgres":
        return postgres(name, settings);
      case "webhook":
        return new WebhookSink(
            name,
            OutboundUrl.checked(required(settings, "url", name), saas.loopbackForTests()),
            secret("secret_ref", required(settings, "secret_ref", name))
                .getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(settings.path("timeout_s").asLong(10)));
      case "sheets":
        return SheetsSink.create(
            name,
            required(settings, "spreadsheet_id", name),
            settings.path("sheet").asText("Sheet1"),
            FieldMapping.declared(settings, name).orElse(FieldMapping.SUMMARY.without("uuid")),
            secret("credentials_ref", required(settings, "credentials_ref", name)),
            saas);
      case "salesforce":
        return SalesforceSink.create(
            name,
            new SalesforceSink.Settings(
                settings.path("login_url").asText("https://login.salesforce.com"),
                required(settings, "client_id", name),
                required(settings, "username", name),
                settings.path("object").asText("Task"),
                required(settings, "external_id_field", name),
                settings.path("api_version").asText("v62.0")),
            FieldMapping.declared(settings, name)
                .orElseThrow(
                    () ->
                        new SinkRejectedException(
                            "sink " + name + ": fields is required (the object's field names)")),
            secret("private_key_ref", required(settings, "private_key_ref", name)),
            saas);
      default:
        throw new SinkRejectedException(
            "sink " + name + ": type " + declaration.type() + " is not implemented yet");
    }
  }

  private Sink files(String name, ObjectNode settings) throws SinkRejectedException {
    List<String> formats = new ArrayList<>();
    settings.path("formats").forEach(f -> formats.add(f.asText()));
    if (formats.isEmpty()) {
      formats.add("jsonl");
    }
    try {
      return new FilesSink(name, formats, FieldMapping.declared(settings, name), area);
    } catch (IllegalArgumentException e) {
      throw new SinkRejectedException("sink " + name + ": " + e.getMessage());
    }
  }

  private Sink postgres(String name, ObjectNode settings) throws SinkRejectedException {
    Properties credentials = new Properties();
    if (settings.hasNonNull("user_ref")) {
      credentials.setProperty("user", secret("user_ref", settings.get("user_ref").asText()));
    }
    if (settings.hasNonNull("password_ref")) {
      credentials.setProperty(
          "password", secret("password_ref", settings.get("password_ref").asText()));
    }
    String url = secret("jdbc_url_ref", required(settings, "jdbc_url_ref", name));
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new SinkRejectedException("sink " + name + ": jdbc_url_ref must name a PostgreSQL URL");
    }
    return new PostgresSink(name, url, credentials, settings.path("table_prefix").asText(""));
  }

  private static String required(ObjectNode settings, String field, String sink)
      throws SinkRejectedException {
    JsonNode value = settings.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw new SinkRejectedException("sink " + sink + ": setting " + field + " is required");
    }
    return value.textValue();
  }

  private String secret(String setting, String reference) throws SinkRejectedException {
    try {
      return secrets.resolve(setting, reference);
    } catch (SecretReferenceException e) {
      throw new SinkRejectedException(e.getMessage());
    }
  }
}
