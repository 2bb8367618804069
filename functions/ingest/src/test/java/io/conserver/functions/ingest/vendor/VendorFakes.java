package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.conserver.platform.testing.LoopbackHttps;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Contract fakes of the vendor APIs on one loopback HTTPS server, following the published
 * contracts:
 *
 * <ul>
 *   <li>Azure AD v2 token endpoint, {@code POST /{tenant}/oauth2/v2.0/token}, client credentials in
 *       the form, {@code scope=https://graph.microsoft.com/.default}; a wrong secret is 401 {@code
 *       {"error": "invalid_client"}}
 *       (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow);
 *   <li>Microsoft Graph v1.0 with {@code Authorization: Bearer}: an expired token is 401 {@code
 *       InvalidAuthenticationToken}, throttling 429 with {@code Retry-After}
 *       (https://learn.microsoft.com/en-us/graph/throttling), an unknown recording 404 {@code
 *       NotFound}; the callRecording
 *       (https://learn.microsoft.com/en-us/graph/api/callrecording-get), the onlineMeeting
 *       (https://learn.microsoft.com/en-us/graph/api/onlinemeeting-get) and the recording's {@code
 *       /content} stream;
 *   <li>Graph subscriptions: {@code POST /v1.0/subscriptions} 201 with the subscription (a body
 *       missing a required property, or an {@code expirationDateTime} beyond the resource's 60
 *       minutes, 400 {@code ValidationError})
 *       (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions, maximum
 *       lengths: https://learn.microsoft.com/en-us/graph/api/resources/subscription); {@code PATCH
 *       /v1.0/subscriptions/{id}} 200, 404 {@code ResourceNotFound} for a removed one
 *       (https://learn.microsoft.com/en-us/graph/api/subscription-update); {@code GET} lists {@code
 *       value}; {@code DELETE} 204
 *       (https://learn.microsoft.com/en-us/graph/api/subscription-delete). The real Graph also
 *       validates the notification url (a {@code validationToken} POST) before answering 201: not
 *       done here (the webhook's side of it is tested in infra/server);
 *   <li>Genesys Cloud: {@code POST /oauth/token} with the client as HTTP basic
 *       (https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials);
 *       {@code GET /api/v2/conversations/{id}/recordings?formatId=WAV}, 202 while transcoding, then
 *       200 with {@code mediaUris}
 *       (https://developer.genesys.cloud/analyticsdatamanagement/recording/); the media url is
 *       pre-signed and served without credentials.
 * </ul>
 *
 * Public for the local runtime's tests of the periodic renewal (infra/local, through this module's
 * test-jar). Not proven: the real services' token lifetimes, throttling limits and redirects.
 */
public final class VendorFakes {
  public static final String TENANT = "bb8775a4-4d8c-42cf-a1d4-4d58c2bb668f";
  public static final String CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";
  public static final String SECRET = "graph-client-secret-for-tests";
  static final String GENESYS_CLIENT = "a1b2c3d4-e5f6-4789-a012-b3c4d5e6f789";
  static final String GENESYS_SECRET = "genesys-client-secret-for-tests";
  static final String MEETING = "MSo1N2Y5ZGFjYy03MWJmLTQ3NDMtYjQxMy01M2EdFGkdRWHJlQ";
  static final String RECORDING = "VjIjIzFhNTdmOTJhLWRkY2UtNDA5Yi05NjhkLTMxZjEyZDUyMzE4YQ";
  static final String ORGANIZER = "57f9dacc-71bf-4743-b413-53a5a5d6f0a1";
  static final String CONVERSATION = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

  public final LoopbackHttps server;
  final byte[] media;
  final AtomicInteger tokensIssued = new AtomicInteger();

  /** Answers of the next Graph metadata calls: 429 (throttled) or 503, counted down. */
  final AtomicInteger graphThrottled = new AtomicInteger();

  final AtomicInteger graphDown = new AtomicInteger();

  /** The meeting call refuses the current token once, as if it expired early. */
  final AtomicInteger expireNextToken = new AtomicInteger();

  /** Graph's subscriptions by id, and the fake's "now" for their maximum lifetime. */
  public final Map<String, ObjectNode> subscriptions =
      new java.util.concurrent.ConcurrentHashMap<>();

  public volatile Instant graphNow = Instant.parse("2026-11-26T10:00:00Z");

  /** Answers of the next subscription calls: 429 with {@code Retry-After: 1}, counted down. */
  public final AtomicInteger subscriptionsThrottled = new AtomicInteger();

  /** The next subscription call refuses the current token once. */
  final AtomicInteger expireNextSubscriptionToken = new AtomicInteger();

  final AtomicInteger genesysTranscoding = new AtomicInteger();
  final List<String> mediaAuthorization = new CopyOnWriteArrayList<>();
  private volatile String validToken = "";

  public VendorFakes(byte[] media) {
    this.media = media.clone();
    this.server =
        LoopbackHttps.start()
            .route("/" + TENANT + "/oauth2/v2.0/token", this::azureToken)
            .route("/v1.0/", this::graph)
            .route("/oauth/token", this::genesysToken)
            .route("/api/v2/conversations/", this::genesysRecordings)
            .route("/genesys-media/", this::genesysMedia);
  }

  private void azureToken(HttpExchange x) throws IOException {
    Map<String, String> form = form(x);
    if (!x.getRequestMethod().equals("POST")
        || !"client_credentials".equals(form.get("grant_type"))
        || !"https://graph.microsoft.com/.default".equals(form.get("scope"))) {
      send(x, 400, "{\"error\":\"invalid_request\"}");
    } else if (!CLIENT.equals(form.get("client_id")) || !SECRET.equals(form.get("client_secret"))) {
      send(
          x,
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
              + " secret provided.\"}");
    } else {
      issue(x, "graph");
    }
  }

  private void genesysToken(HttpExchange x) throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (GENESYS_CLIENT + ":" + GENESYS_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!"client_credentials".equals(form(x).get("grant_type"))) {
      send(x, 400, "{\"error\":\"unsupported_grant_type\"}");
    } else if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      send(x, 401, "{\"error\":\"invalid_client\",\"description\":\"client not found\"}");
    } else {
      issue(x, "genesys");
    }
  }

  private void issue(HttpExchange x, String prefix) throws IOException {
    validToken = prefix + "-token-" + tokensIssued.incrementAndGet();
    send(
        x,
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + validToken + "\"}");
  }

  private boolean authorized(HttpExchange x) throws IOException {
    if (!("Bearer " + validToken).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      send(
          x,
          401,
          "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token has"
              + " expired or is not yet valid.\"}}");
      return false;
    }
    return true;
  }

  private void graph(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getRawPath();
    String recordingPath = "/onlineMeetings/" + MEETING + "/recordings/" + RECORDING;
    if (path.equals("/v1.0/users/" + ORGANIZER + "/onlineMeetings/" + MEETING)
        && expireNextToken.getAndDecrement() > 0) {
      validToken = "expired";
    }
    if (path.startsWith("/v1.0/subscriptions")
        && expireNextSubscriptionToken.getAndDecrement() > 0) {
      validToken = "expired";
    }
    if (!authorized(x)) {
      return;
    }
    if (path.startsWith("/v1.0/subscriptions")) {
      subscriptions(x, path.substring("/v1.0/subscriptions".length()));
      return;
    }
    if (path.startsWith("/v1.0/communications/") && graphDown.getAndDecrement() > 0) {
      send(x, 503, "{\"error\":{\"code\":\"serviceNotAvailable\"}}");
    } else if (path.startsWith("/v1.0/communications/") && graphThrottled.getAndDecrement() > 0) {
      x.getResponseHeaders().add("Retry-After", "2");
      send(x, 429, "{\"error\":{\"code\":\"TooManyRequests\"}}");
    } else if (path.equals("/v1.0/communications" + recordingPath)) {
      ObjectNode recording = sample("events/graph/call-recording.json");
      recording.put(
          "recordingContentUrl",
          "https://graph.microsoft.com/v1.0/users/" + ORGANIZER + recordingPath + "/content");
      send(x, 200, new String(VconJson.codec().write(recording), StandardCharsets.UTF_8));
    } else if (path.equals("/v1.0/users/" + ORGANIZER + "/onlineMeetings/" + MEETING)) {
      send(
          x,
          200,
          new String(
              VconJson.codec().write(sample("events/graph/online-meeting.json")),
              StandardCharsets.UTF_8));
    } else if (path.equals("/v1.0/users/" + ORGANIZER + recordingPath + "/content")) {
      x.getResponseHeaders().add("Content-Type", "video/mp4");
      x.sendResponseHeaders(200, 0); // chunked: streamed, as Graph streams the content
      try (OutputStream out = x.getResponseBody()) {
        out.write(media);
      }
    } else {
      send(x, 404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"not found\"}}");
    }
  }

  private void subscriptions(HttpExchange x, String rest) throws IOException {
    String method = x.getRequestMethod();
    if (subscriptionsThrottled.getAndDecrement() > 0) {
      x.getResponseHeaders().add("Retry-After", "1");
      send(x, 429, "{\"error\":{\"code\":\"TooManyRequests\"}}");
      return;
    }
    String id = rest.startsWith("/") ? rest.substring(1) : "";
    if (rest.isEmpty() && method.equals("GET")) {
      ObjectNode page = VconJson.codec().read("{}").deepCopy();
      subscriptions.values().forEach(page.putArray("value")::add);
      send(x, 200, new String(VconJson.codec().write(page), StandardCharsets.UTF_8));
      return;
    }
    ObjectNode body =
        method.equals("DELETE")
            ? null
            : (ObjectNode) VconJson.codec().read(x.getRequestBody().readAllBytes());
    if (rest.isEmpty() && method.equals("POST")) {
      for (String required :
          List.of(
              "changeType", "notificationUrl", "resource", "expirationDateTime", "clientState")) {
        if (!body.path(required).isTextual()) {
          send(x, 400, "{\"error\":{\"code\":\"ValidationError\"}}");
          return;
        }
      }
      if (!validExpiry(body)) {
        send(x, 400, "{\"error\":{\"code\":\"ValidationError\"}}");
        return;
      }
      ObjectNode created = body.deepCopy();
      created.put("id", java.util.UUID.randomUUID().toString());
      created.put("applicationId", CLIENT);
      created.remove("clientState"); // kept by Graph, echoed only to the notification url
      subscriptions.put(created.get("id").asText(), created);
      send(x, 201, new String(VconJson.codec().write(created), StandardCharsets.UTF_8));
    } else if (!subscriptions.containsKey(id)) {
      send(
          x,
          404,
          "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The object was not"
              + " found.\"}}");
    } else if (method.equals("PATCH") && validExpiry(body)) {
      ObjectNode renewed = subscriptions.get(id);
      renewed.put("expirationDateTime", body.get("expirationDateTime").asText());
      send(x, 200, new String(VconJson.codec().write(renewed), StandardCharsets.UTF_8));
    } else if (method.equals("DELETE")) {
      subscriptions.remove(id);
      send(x, 204, "");
    } else {
      send(x, 400, "{\"error\":{\"code\":\"ValidationError\"}}");
    }
  }

  private boolean validExpiry(ObjectNode body) {
    try {
      Instant at = Instant.parse(body.path("expirationDateTime").asText(""));
      return at.isAfter(graphNow) && !at.isAfter(graphNow.plus(Duration.ofMinutes(60)));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private void genesysRecordings(HttpExchange x) throws IOException {
    if (!authorized(x)) {
      return;
    }
    String path = x.getRequestURI().getRawPath();
    String query = String.valueOf(x.getRequestURI().getRawQuery());
    if (!path.equals("/api/v2/conversations/" + CONVERSATION + "/recordings")) {
      send(
          x, 404, "{\"message\":\"conversation not found\",\"code\":\"not.found\",\"status\":404}");
    } else if (!query.contains("formatId=WAV")) {
      send(x, 400, "{\"code\":\"bad.request\",\"status\":400}");
    } else if (genesysTranscoding.getAndDecrement() > 0) {
      send(x, 202, "");
    } else {
      send(
          x,
          200,
          "[{\"id\":\"r-11aa22bb\",\"conversationId\":\""
              + CONVERSATION
              + "\",\"media\":\"audio\",\"fileState\":\"AVAILABLE\",\"mediaUris\":{\"S\":"
              + "{\"mediaUri\":\""
              + server.base()
              + "/genesys-media/r-11aa22bb.wav?X-Amz-Signature=abc\"}}}]");
    }
  }

  private void genesysMedia(HttpExchange x) throws IOException {
    mediaAuthorization.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
    x.getResponseHeaders().add("Content-Type", "audio/wav");
    x.sendResponseHeaders(200, media.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(media);
    }
  }

  static ObjectNode sample(String path) throws IOException {
    return (ObjectNode) VconJson.codec().read(Files.readAllBytes(RepoPaths.resolve(path)));
  }

  private static Map<String, String> form(HttpExchange x) throws IOException {
    Map<String, String> form = new HashMap<>();
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    // Read what is left of the request first, as a real server does before answering: an early
    // answer (429, 401) to a request whose body is still unread left the kept-alive connection
    // out of step, and the client's next attempt waited for its 20 s timeout (a CI flake).
    x.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
