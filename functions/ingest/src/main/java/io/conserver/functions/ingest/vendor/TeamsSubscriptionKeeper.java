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
   * What one renewal pass did: a line per action for the operator, and the counts for a summary. A
   * subscription Graph refused (an answer other than 404, after the in-process retries) is counted
   * in {@code failed}, kept as it was saved (with its lifecycle marker) for the next pass, and the
   * first refusal is {@code firstFailure}; the other subscriptions are still renewed.
   */
  public record Renewal(
      List<String> lines,
      int renewed,
      int recreated,
      int failed,
      int unchanged,
      Optional<String> firstFailure) {
    /** One line, with no token, client state or url in it. */
    public String summary() {
      return renewed
          + " renewed, "
          + recreated
          + " re-created, "
          + failed
          + " failed, "
          + unchanged
          + " not due"
          + firstFailure.map(f -> " (first failure: " + f + ")").orElse("");
    }
  }

  /**
   * Renews every saved subscription that expires within {@code within} or has a lifecycle marker,
   * re-creating those Graph no longer has (with {@code clientState}, resolved by the caller).
   * Idempotent: a second pass right after renews nothing (every expiry is then beyond the horizon).
   *
   * @throws StageMisconfiguredException when Graph or Azure AD refuses the app's credentials (every
   *     subscription would fail alike, so the pass stops at the first)
   */
  public Renewal renewDue(Duration within, String clientState)
      throws IOException, InterruptedException, StageMisconfiguredException {
    Map<String, String> events = lifecycleEvents();
    List<Subscription> kept = new ArrayList<>();
    List<String> done = new ArrayList<>();
    int renewed = 0;
    int recreated = 0;
    int failed = 0;
    Optional<String> firstFailure = Optional.empty();
    Instant horizon = clock.instant().plus(within);
    for (Subscription s : saved()) {
      String event = events.getOrDefault(s.id(), "");
      Subscription next = s;
      try {
        Optional<Subscription> renewedNow = Optional.of(s);
        if (event.equals("subscriptionRemoved")) {
          renewedNow = Optional.empty();
        } else if (!event.isEmpty() || s.expires().isBefore(horizon)) {
          renewedNow = graph.renew(s.id());
          if (renewedNow.isPresent()) {
            renewed++;
            done.add("renewed " + s.id() + " until " + renewedNow.get().expires());
          }
        }
        if (renewedNow.isEmpty()) {
          Subscription created = graph.create(s.notificationUrl(), clientState);
          recreated++;
          done.add("re-created " + s.id() + " as " + created.id() + " until " + created.expires());
          renewedNow = Optional.of(created);
        }
        next = renewedNow.get();
        if (!event.isEmpty()) {
          store.delete(LIFECYCLE + s.id());
        }
      } catch (IOException e) {
        failed++;
        firstFailure = firstFailure.or(() -> Optional.of(e.getMessage()));
        done.add("failed " + s.id() + ": " + e.getMessage());
      }
      events.remove(s.id());
      kept.add(next);
      save(merge(kept, s)); // each step saved: a failure later loses no new id
    }
    events.keySet().forEach(id -> store.delete(LIFECYCLE + id)); // markers of no saved one
    int unchanged = kept.size() - renewed - recreated - failed;
    return new Renewal(List.copyOf(done), renewed, recreated, failed, unchanged, firstFailure);
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
