package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.FieldMapping;
import io.conserver.functions.export.sinks.OutboundUrl;
import io.conserver.functions.export.sinks.Sink;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.functions.export.sinks.SinkRejectedException;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One record per vCon in Salesforce, upserted by an external id field holding the vCon uuid ({@code
 * PATCH /services/data/vXX.X/sobjects/<Object>/<ExternalIdField>/<uuid>}: 201 created, 204 or 200
 * updated), so a re-export updates the same record. Auth: the OAuth 2.0 JWT bearer flow of a
 * connected app (iss = consumer key, sub = integration user, aud = login URL), the token used at
 * the {@code instance_url} the token response names.
 *
 * <p>A 401 (INVALID_SESSION_ID: the session ended) re-authenticates once; 429, 5xx and
 * REQUEST_LIMIT_EXCEEDED are transient; any other error is a rejection whose message carries the
 * error codes Salesforce returned (e.g. INVALID_FIELD, REQUIRED_FIELD_MISSING). Delete is a DELETE
 * of the same resource; a 404 means there is nothing to delete.
 */
public final class SalesforceSink implements Sink {
  private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
  private static final Pattern EXTERNAL_ID_VALUE = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern API_VERSION = Pattern.compile("v[0-9]{2,3}\\.0");

  private final String name;
  private final String object;
  private final String externalIdField;
  private final String apiVersion;
  private final FieldMapping fields;
  private final SaasEnvironment environment;
  private final AuthorizedCall api;

  private SalesforceSink(
      String name,
      String object,
      String externalIdField,
      String apiVersion,
      FieldMapping fields,
      SaasEnvironment environment,
      AuthorizedCall api) {
    this.name = name;
    this.object = object;
    this.externalIdField = externalIdField;
    this.apiVersion = apiVersion;
    this.fields = fields;
    this.environment = environment;
    this.api = api;
  }

  /** Checks the declaration and builds the sink; the private key is PKCS#8 PEM text. */
  public static SalesforceSink create(
      String name,
      Settings settings,
      FieldMapping fields,
      String privateKeyPem,
      SaasEnvironment environment)
      throws SinkRejectedException {
    for (String[] apiName :
        new String[][] {
          {"object", settings.object()}, {"external_id_field", settings.externalIdField()}
        }) {
      if (!API_NAME.matcher(apiName[1]).matches()) {
        throw new SinkRejectedException(
            "sink " + name + ": " + apiName[0] + " must be a Salesforce API name");
      }
    }
    if (!API_VERSION.matcher(settings.apiVersion()).matches()) {
      throw new SinkRejectedException("sink " + name + ": api_version must look like v62.0");
    }
    URI login = OutboundUrl.checked(settings.loginUrl(), environment.loopbackForTests());
    String audience = login.toString().replaceAll("/+$", "");
    ObjectNode claims =
        JsonNodeFactory.instance
            .objectNode()
            .put("iss", settings.clientId())
            .put("sub", settings.username())
            .put("aud", audience);
    JwtBearerGrant grant =
        new JwtBearerGrant(
            "Salesforce",
            URI.create(audience + "/services/oauth2/token"),
            PrivateKeys.rsa(privateKeyPem, "sink " + name + " private_key_ref"),
            Optional.empty(),
            claims,
            Duration.ofMinutes(3), // Salesforce accepts assertions valid for at most 3 minutes
            environment);
    AuthorizedCall api =
        new AuthorizedCall("Salesforce", grant, new SaasHttp("Salesforce", environment));
    return new SalesforceSink(
        name,
        settings.object(),
        settings.externalIdField(),
        settings.apiVersion(),
        fields,
        environment,
        api);
  }

  /** The declaration's plain settings (the private key comes by reference). */
  public record Settings(
      String loginUrl,
      String clientId,
      String username,
      String object,
      String externalIdField,
      String apiVersion) {}

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "salesforce";
  }

  @Override
  public SinkReceipt export(Vcon vcon, ExportContext context) throws Exception {
    byte[] body = VconJson.codec().write(fields.object(vcon));
    HttpResponse<String> response =
        send(vcon.uuid(), HttpRequest.BodyPublishers.ofByteArray(body), "PATCH");
    int status = response.statusCode();
    if (status == 200 || status == 201 || status == 204) {
      String id = SaasHttp.json(response).path("id").asText("");
      return SinkReceipt.of(
          object + "/" + externalIdField + "/" + vcon.uuid() + (id.isEmpty() ? "" : "#" + id));
    }
    throw rejected("upsert", response);
  }

  @Override
  public void delete(String vconUuid) throws Exception {
    HttpResponse<String> response = send(vconUuid, HttpRequest.BodyPublishers.noBody(), "DELETE");
    int status = response.statusCode();
    if (status != 204 && status != 200 && status != 404) {
      throw rejected("delete", response);
    }
  }

  private HttpResponse<String> send(String vconUuid, HttpRequest.BodyPublisher body, String method)
      throws SinkRejectedException, IOException, InterruptedException {
    return api.send(
        token ->
            HttpRequest.newBuilder(resource(token, vconUuid))
                .timeout(environment.timeout())
                .header("Authorization", "Bearer " + token.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body)
                .build(),
        SalesforceSink::rateLimited);
  }

  private URI resource(AccessToken token, String vconUuid) throws SinkRejectedException {
    if (!EXTERNAL_ID_VALUE.matcher(vconUuid).matches()) {
      // The uuid becomes a path segment: never let a crafted one walk to another resource.
      throw new SinkRejectedException("the vCon uuid is not a plain UUID; not sent to Salesforce");
    }
    String instance =
        token
            .instanceUrl()
            .orElseThrow(
                () -> new SinkRejectedException("Salesforce's token response has no instance_url"));
    URI base = OutboundUrl.checked(instance, environment.loopbackForTests());
    return URI.create(
        base.toString().replaceAll("/+$", "")
            + "/services/data/"
            + apiVersion
            + "/sobjects/"
            + object
            + "/"
            + externalIdField
            + "/"
            + vconUuid);
  }

  /** 403 REQUEST_LIMIT_EXCEEDED: the org's API request limit; it frees up over time. */
  private static boolean rateLimited(HttpResponse<String> response) {
    if (response.statusCode() != 403) {
      return false;
    }
    JsonNode errors = SaasHttp.json(response);
    for (JsonNode error : errors) {
      if ("REQUEST_LIMIT_EXCEEDED".equals(error.path("errorCode").asText())) {
        return true;
      }
    }
    return false;
  }

  private SinkRejectedException rejected(String what, HttpResponse<String> response) {
    String detail =
        response.statusCode() == 300
            ? " (more than one " + object + " has this " + externalIdField + ")"
            : SaasHttp.errorSummary(response);
    return new SinkRejectedException(
        "Salesforce refused the "
            + what
            + " of "
            + object
            + " with "
            + response.statusCode()
            + detail);
  }
}
