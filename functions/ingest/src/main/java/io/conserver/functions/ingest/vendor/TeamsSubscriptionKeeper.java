package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions.Subscription;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps a tenant's Teams subscriptions alive: their ids and expiries in the tenant's bucket
 * ({@value #STATE}, no client state in it), renewed when due, re-created when Graph removed them.
 * Lifecycle notifications the webhook received are markers under {@value #LIFECYCLE}{@code
 * <subscriptionId>}
 * (https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events): {@code
 * reauthorizationRequired} and {@code missed} renew at the next tick (renewing reauthorizes),
 * {@code subscriptionRemoved} re-creates.
 */
public final class TeamsSubscriptionKeeper {
  public static final String STATE = "sources/teams/subscriptions.json";
  public static final String LIFECYCLE = "sources/teams/lifecycle/";
  public static final String SUBSCRIPTION_ID = "[A-Za-z0-9-]{1,64}";
  private static final long MAX_STATE = 1 << 20;

  private final BlobStore store;
  private final TeamsSubscriptions graph;
  private final Clock clock;

  public TeamsSubscriptionKeeper(BlobStore store, TeamsSubscriptions graph, Clock clock) {
    this.store = store;
    this.graph = graph;
    this.clock = clock;
  }

  /** The subscriptions this tenant created, as last saved. */
  public List<Subscription> saved() throws IOException {
    if (store.head(STATE).isEmpty()) {
      return List.of();
    }
    List<Subscription> out = new ArrayList<>();
    try {
      for (JsonNode item :
          VconJson.codec().read(store.getBytes(STATE, MAX_STATE)).path("subscriptions")) {
        out.add(
            new Subscription(
                item.path("id").asText(),
                item.path("resource").asText(),
                Instant.parse(item.path("expirationDateTime").asText()),
                item.path("notificationUrl").asText()));
      }
    } catch (VconParseException | java.time.format.DateTimeParseException e) {
      throw new IOException(STATE + " is not readable: " + e.getMessage(), e);
    }
    return out;
  }

  /** The app's Teams recording subscriptions as Graph lists them (all deployments' of the app). */
  public List<Subscription> atGraph()
      throws IOException, InterruptedException, StageMisconfiguredException {
    return graph.list();
  }

  /** Creates a subscription delivering to {@code notificationUrl} and saves it. */
  public Subscription subscribe(String notificationUrl, String clientState)
      throws IOException, InterruptedException, StageMisconfiguredException {
    Subscription created = graph.create(notificationUrl, clientState);
    List<Subscription> all = new ArrayList<>(saved());
    all.add(created);
    save(all);
    return created;
  }

  /**
   * Renews every saved subscription that expires within {@code within} or has a lifecycle marker,
   * re-creating those Graph no longer has (with {@code clientState}, resolved by the caller).
   *
   * @return one line per action, for the operator
   */
  public List<String> renewDue(Duration within, String clientState)
      throws IOException, InterruptedException, StageMisconfiguredException {
    Map<String, String> events = lifecycleEvents();
    List<Subscription> kept = new ArrayList<>();
    List<String> done = new ArrayList<>();
    Instant horizon = clock.instant().plus(within);
    for (Subscription s : saved()) {
      String event = events.getOrDefault(s.id(), "");
      Optional<Subscription> renewed = Optional.of(s);
      if (event.equals("subscriptionRemoved")) {
        renewed = Optional.empty();
      } else if (!event.isEmpty() || s.expires().isBefore(horizon)) {
        renewed = graph.renew(s.id());
        renewed.ifPresent(r -> done.add("renewed " + r.id() + " until " + r.expires()));
      }
      if (renewed.isEmpty()) {
        Subscription created = graph.create(s.notificationUrl(), clientState);
        done.add("re-created " + s.id() + " as " + created.id() + " until " + created.expires());
        renewed = Optional.of(created);
      }
      kept.add(renewed.get());
      save(merge(kept, s)); // each step saved: a failure later loses no new id
    }
    events.keySet().forEach(id -> store.delete(LIFECYCLE + id));
    return done;
  }

  /** Deletes every saved subscription at Graph and forgets them. */
  public List<String> unsubscribe()
      throws IOException, InterruptedException, StageMisconfiguredException {
    List<String> done = new ArrayList<>();
    List<Subscription> left = new ArrayList<>(saved());
    for (Subscription s : List.copyOf(left)) {
      done.add((graph.delete(s.id()) ? "deleted " : "already gone: ") + s.id());
      left.remove(s);
      save(left);
    }
    return done;
  }

  /**
   * The list saved so far with the not-yet-visited ones after {@code current} kept as they were.
   */
  private List<Subscription> merge(List<Subscription> kept, Subscription current)
      throws IOException {
    List<Subscription> all = new ArrayList<>(kept);
    boolean after = false;
    for (Subscription s : saved()) {
      if (after) {
        all.add(s);
      }
      after |= s.id().equals(current.id());
    }
    return all;
  }

  private Map<String, String> lifecycleEvents() throws IOException {
    Map<String, String> events = new TreeMap<>();
    for (BlobMetadata marker : store.list(LIFECYCLE)) {
      String id = marker.key().substring(LIFECYCLE.length());
      if (id.matches(SUBSCRIPTION_ID)) {
        try {
          events.put(
              id,
              VconJson.codec()
                  .read(store.getBytes(marker.key(), 4096))
                  .path("lifecycleEvent")
                  .asText(""));
        } catch (VconParseException e) {
          events.put(id, "reauthorizationRequired"); // unreadable: renewing is always safe
        }
      }
    }
    return events;
  }

  private void save(List<Subscription> all) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode items = root.putArray("subscriptions");
    for (Subscription s : all) {
      items
          .addObject()
          .put("id", s.id())
          .put("resource", s.resource())
          .put("expirationDateTime", s.expires().toString())
          .put("notificationUrl", s.notificationUrl());
    }
    store.putBytes(STATE, VconJson.codec().write(root), PutOptions.JSON);
  }
}
