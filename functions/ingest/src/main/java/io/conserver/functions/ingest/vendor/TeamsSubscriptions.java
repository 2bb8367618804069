package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Microsoft Graph change-notification subscriptions for Teams recordings, with the same app
 * credentials as {@link TeamsGraph} ({@code options.fetch_media.teams}):
 *
 * <ul>
 *   <li>create: {@code POST /subscriptions} (201) with {@code changeType: created}, {@code
 *       notificationUrl}, {@code lifecycleNotificationUrl}, {@code resource}, {@code
 *       expirationDateTime}, {@code clientState}
 *       (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions);
 *   <li>renew: {@code PATCH /subscriptions/{id}} (200) with a new {@code expirationDateTime}; 404
 *       when Graph removed it (https://learn.microsoft.com/en-us/graph/api/subscription-update);
 *   <li>list: {@code GET /subscriptions}, the app's own, paged by {@code @odata.nextLink}
 *       (https://learn.microsoft.com/en-us/graph/api/subscription-list);
 *   <li>delete: {@code DELETE /subscriptions/{id}} (204)
 *       (https://learn.microsoft.com/en-us/graph/api/subscription-delete).
 * </ul>
 *
 * Teams recording subscriptions last at most 4,230 minutes with rich notifications but 60 minutes
 * without resource data, the form the webhook takes (maximum length per resource:
 * https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime), so
 * each is asked for {@link #LIFETIME}.
 */
public final class TeamsSubscriptions {
  /**
   * All recordings of the tenant's meetings (application permission
   * OnlineMeetingRecording.Read.All).
   */
  public static final String RESOURCE = "communications/onlineMeetings/getAllRecordings";

  public static final Duration LIFETIME = Duration.ofMinutes(55);
  private static final int MAX_PAGES = 20;

  /** A subscription as Graph answers it; no client state (a secret) is kept. */
  public record Subscription(String id, String resource, Instant expires, String notificationUrl) {
    static Subscription of(JsonNode graph) throws IOException {
      String id = graph.path("id").asText("");
      if (!id.matches("[A-Za-z0-9-]{1,64}")) {
        throw new IOException("Microsoft Graph answered a subscription without a valid id");
      }
      try {
        return new Subscription(
            id,
            graph.path("resource").asText(""),
            Instant.parse(graph.path("expirationDateTime").asText("")),
            graph.path("notificationUrl").asText(""));
      } catch (DateTimeParseException e) {
        throw new IOException("Microsoft Graph answered subscription " + id + " without an expiry");
      }
    }
  }

  private final VendorApi api;
  private final URI graph;
  private final Clock clock;

  public TeamsSubscriptions(JsonNode settings, SecretRefs secrets, VendorEndpoints endpoints)
      throws StageMisconfiguredException {
    this.api = TeamsGraph.api(settings, secrets, endpoints);
    this.graph = endpoints.graph();
    this.clock = endpoints.clock();
  }

  /** A new subscription delivering to {@code notificationUrl} (notifications and lifecycle). */
  public Subscription create(String notificationUrl, String clientState)
      throws IOException, InterruptedException, StageMisconfiguredException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("changeType", "created");
    body.put("notificationUrl", notificationUrl);
    body.put("lifecycleNotificationUrl", notificationUrl);
    body.put("resource", RESOURCE);
    body.put("expirationDateTime", expiry().toString());
    body.put("clientState", clientState);
    VendorApi.Answer answer =
        api.exchange("POST", at("/subscriptions"), body, "creating the subscription");
    return Subscription.of(expect(answer, 201, "creating the subscription"));
  }

  /** The subscription with a new expiry; empty when Graph no longer has it (re-create it). */
  public Optional<Subscription> renew(String id)
      throws IOException, InterruptedException, StageMisconfiguredException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("expirationDateTime", expiry().toString());
    String what = "renewing subscription " + id;
    VendorApi.Answer answer = api.exchange("PATCH", at("/subscriptions/" + encode(id)), body, what);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(Subscription.of(expect(answer, 200, what)));
  }

  /** The app's subscriptions on the Teams recordings resource. */
  public List<Subscription> list()
      throws IOException, InterruptedException, StageMisconfiguredException {
    List<Subscription> out = new ArrayList<>();
    URI next = at("/subscriptions");
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      JsonNode body =
          expect(api.exchange("GET", next, null, "listing subscriptions"), 200, "listing");
      for (JsonNode item : body.path("value")) {
        if (RESOURCE.equalsIgnoreCase(item.path("resource").asText(""))) {
          out.add(Subscription.of(item));
        }
      }
      String link = body.path("@odata.nextLink").asText("");
      next = link.startsWith(graph + "/") ? URI.create(link) : null; // the token stays on Graph
    }
    return out;
  }

  /** Deletes it; false when Graph had no such subscription. */
  public boolean delete(String id)
      throws IOException, InterruptedException, StageMisconfiguredException {
    String what = "deleting subscription " + id;
    VendorApi.Answer answer =
        api.exchange("DELETE", at("/subscriptions/" + encode(id)), null, what);
    if (answer.status() == 404) {
      return false;
    }
    expect(answer, 204, what);
    return true;
  }

  private Instant expiry() {
    return clock.instant().plus(LIFETIME).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static JsonNode expect(VendorApi.Answer answer, int status, String what)
      throws IOException {
    if (answer.status() != status && !(answer.status() / 100 == 2 && status / 100 == 2)) {
      throw new IOException(
          "Microsoft Graph answered "
              + answer.status()
              + ClientCredentials.errorCode(answer.body())
              + " for "
              + what);
    }
    return answer.body();
  }

  private URI at(String path) {
    return URI.create(graph + path);
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
