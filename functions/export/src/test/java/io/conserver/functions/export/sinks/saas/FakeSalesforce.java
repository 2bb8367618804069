package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contract fake of a Salesforce org: the OAuth 2.0 JWT bearer token endpoint of a connected app
 * and the REST API's sObject-rows-by-external-id resource on Task.
 *
 * <p>Followed from Salesforce's published references:
 *
 * <ul>
 *   <li>JWT bearer flow:
 *       https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm (POST
 *       {@code /services/oauth2/token} with {@code
 *       grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and {@code assertion}; RS256 signed
 *       with the certificate's key; iss = consumer key, sub = username, aud = login URL, exp within
 *       3 minutes; answer {@code access_token, scope, instance_url, id, token_type} and no
 *       expires_in; errors {@code {"error":"invalid_grant", "error_description":...}} with 400).
 *   <li>Upsert by external id:
 *       https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 *       (PATCH {@code /services/data/vXX.X/sobjects/{Object}/{field}/{value}}: 201 with {@code
 *       {"id","success","errors","created":true}} when created, 200 with {@code created:false} when
 *       updated (204 in older versions); DELETE answers 204, or 404 NOT_FOUND).
 *   <li>Errors:
 *       https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm (a
 *       JSON array of {@code {"message","errorCode","fields"}}; 401 INVALID_SESSION_ID when the
 *       session expired; 403 REQUEST_LIMIT_EXCEEDED when the org's API limit is reached; 400
 *       INVALID_FIELD for an unknown field; 5xx/503 when the server is unavailable).
 * </ul>
 *
 * What it does not model: other objects, field types and validation rules, the 300 answer for
 * duplicate external ids, sharing and field-level security. The real service was not called.
 */
final class FakeSalesforce extends ContractFake {
  static final String CONSUMER_KEY = "3MVG9fake.consumer.key";
  static final String USERNAME = "integration@example.com";
  static final String EXTERNAL_ID = "Conserver_Uuid__c";
  static final Set<String> TASK_FIELDS =
      Set.of("Subject", "Description", "Status", "Priority", "ActivityDate", EXTERNAL_ID);

  private static final Pattern SOBJECT =
      Pattern.compile("/services/data/v[0-9]+\\.0/sobjects/([A-Za-z_]+)/([A-Za-z_]+)/([^/]+)");

  /** Task records by external id. */
  final Map<String, ObjectNode> tasks = new LinkedHashMap<>();

  private int records;

  FakeSalesforce(RSAPublicKey publicKey, Clock clock) throws IOException {
    super(publicKey, clock);
  }

  @Override
  Canned handle(Request request) {
    if (request.path().equals("/services/oauth2/token") && request.method().equals("POST")) {
      return token(request);
    }
    Matcher sobject = SOBJECT.matcher(request.path());
    if (!sobject.matches()) {
      return errors(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (!authorized(request)) {
      return errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
    }
    if (!sobject.group(1).equals("Task")) {
      return errors(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (!sobject.group(2).equals(EXTERNAL_ID)) {
      return errors(
          404,
          "NOT_FOUND",
          "Provided external ID field does not exist or is not accessible: " + sobject.group(2));
    }
    String externalId = sobject.group(3);
    synchronized (this) {
      switch (request.method()) {
        case "PATCH":
          return upsert(externalId, json(request.body()));
        case "DELETE":
          return tasks.remove(externalId) != null
              ? answer(204, null)
              : errors(
                  404,
                  "NOT_FOUND",
                  "Provided external ID field does not exist or is not accessible");
        default:
          return errors(
              405, "METHOD_NOT_ALLOWED", "HTTP Method '" + request.method() + "' not allowed");
      }
    }
  }

  private Canned upsert(String externalId, JsonNode body) {
    for (String field : (Iterable<String>) body::fieldNames) {
      if (!TASK_FIELDS.contains(field)) {
        return new Canned(
            400,
            "[{\"message\":\"No such column '"
                + field
                + "' on sobject of type Task\","
                + "\"errorCode\":\"INVALID_FIELD\",\"fields\":[]}]",
            null);
      }
    }
    ObjectNode existing = tasks.get(externalId);
    if (existing != null) {
      existing.setAll((ObjectNode) body);
      return answer(
          200,
          "{\"id\":" + existing.get("Id") + ",\"success\":true,\"errors\":[],\"created\":false}");
    }
    ObjectNode record = ((ObjectNode) body).deepCopy();
    String id = String.format("00T5g00000Fake%04d", ++records);
    record.put("Id", id).put(EXTERNAL_ID, externalId);
    tasks.put(externalId, record);
    return answer(201, "{\"id\":\"" + id + "\",\"success\":true,\"errors\":[],\"created\":true}");
  }

  private Canned token(Request request) {
    Map<String, String> form = form(request.body());
    if (!JwtBearerGrant.GRANT_TYPE.equals(form.get("grant_type"))) {
      return oauthError("unsupported_grant_type", "grant type not supported");
    }
    JWTClaimsSet claims = verifiedClaims(form.getOrDefault("assertion", ""));
    if (claims == null) {
      return oauthError("invalid_grant", "invalid assertion");
    }
    if (!CONSUMER_KEY.equals(claims.getIssuer())) {
      return oauthError("invalid_client_id", "client identifier invalid");
    }
    if (!List.of(base().toString()).equals(claims.getAudience())) {
      return oauthError("invalid_grant", "audience is invalid");
    }
    long now = clock.instant().getEpochSecond();
    long exp = claims.getExpirationTime() == null ? 0 : claims.getExpirationTime().getTime() / 1000;
    if (exp <= now || exp > now + 180) {
      return oauthError("invalid_grant", "expired authorization code");
    }
    if (!USERNAME.equals(claims.getSubject())) {
      return oauthError("invalid_grant", "user hasn't approved this consumer");
    }
    String token = issueToken("00D5g000004Fake!", 7200);
    return answer(
        200,
        "{\"access_token\":"
            + TextNode.valueOf(token)
            + ",\"scope\":\"api\",\"instance_url\":\""
            + base()
            + "\",\"id\":\""
            + base()
            + "/id/00D5g000004Fake/0055g00000Fake\","
            + "\"token_type\":\"Bearer\"}");
  }

  static Canned errors(int status, String code, String message) {
    return answer(
        status, "[{\"message\":" + TextNode.valueOf(message) + ",\"errorCode\":\"" + code + "\"}]");
  }

  private static Canned oauthError(String error, String description) {
    return answer(
        400, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }
}
