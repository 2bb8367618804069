package io.conserver.server;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The server's settings ({@code conserver.*}: system properties, {@code CONSERVER_*} environment
 * variables or application.properties). Read once at start, never per request.
 */
@ConfigMapping(prefix = "conserver")
public interface ServerConfig {
  /** The data directory: one folder per tenant, and {@code config.json} with the API keys. */
  @WithDefault("conserver-data")
  String data();

  /** The repository (or installation) folder: pipeline declarations are in terraform/pipelines. */
  @WithDefault(".")
  String home();

  /** Tenants to run even without API keys (`conserver run` passes its --tenant). */
  Optional<List<String>> tenants();

  Api api();

  Runtime runtime();

  interface Api {
    /** Largest request body accepted; larger ones get 413 before they are read. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /**
     * Whether a POST forces the inbox object and its folder to disk (fsync) before answering 202.
     * Off by default: 202 means the vCon is in the local store (atomically, crash-safe for the
     * process) but may be lost by a power failure or kernel crash within the OS write-back delay.
     */
    @WithDefault("false")
    boolean fsync();

    /**
     * How often the data folder's file system is flushed to disk ({@code sync -f}, see {@link
     * DataVolumeSync}): what a power failure can lose is bounded by about this much, without an
     * fsync per request, and the page cache writes back in small steps. 0 turns it off.
     */
    @WithDefault("0S")
    java.time.Duration syncInterval();

    /**
     * Most events a tenant's runtime may have queued (its stages' backlog) before submissions are
     * turned away with 503 and Retry-After: under sustained overload the backlog (each event a few
     * dozen bytes of memory or of the stage's overflow file) would otherwise grow without end. 0
     * turns the limit off.
     */
    @WithDefault("200000")
    int maxPendingEvents();
  }

  interface Runtime {
    /**
     * Whether this server runs the pipelines' stages. {@code false} serves the API alone: each
     * accepted submission is stored in the inbox and nothing else happens in this process, so the
     * API keeps the machine's CPU, and another process on the same data folder ({@code conserver
     * run --once} on a schedule, or a second {@code conserver run}) runs the stages.
     */
    @WithDefault("true")
    boolean stages();

    /** Cap on each stage's threads (the pipeline declares up to how many it wants). */
    @WithDefault("2")
    int maxThreadsPerStage();

    /**
     * Nice value of the stage threads and of the server's other background threads (0: normal
     * priority). With the default the stages use idle CPU fully but yield to request handling under
     * load, so a burst of POSTs is answered fast while the stages catch up after it.
     */
    @WithDefault("10")
    int backgroundNice();

    /**
     * Events each stage keeps in memory (queued or running); beyond, first deliveries wait in an
     * overflow file under {@code .runtime/spill/} and come back as the queue drains, so the heap
     * stays small whatever the backlog (0: no bound, all in memory).
     */
    @WithDefault("10000")
    int maxQueuedPerStage();

    /**
     * How often every stage's input is listed again: the safety net for what the input watcher
     * cannot see (a quarantined item released for retry, a drop into a later stage's input by
     * another process). New inbox drops are picked up at once anyway. Listing costs time in
     * proportion to the objects stored, hence the long default.
     */
    @WithDefault("300S")
    Duration resumeInterval();

    /** How often {@code config.json} is checked for changes (new or revoked keys, new tenants). */
    @WithDefault("2S")
    Duration configCheckInterval();

    /**
     * How often the Teams subscriptions of a tenant with a Teams source are renewed (what {@code
     * conserver teams renew} does from cron; 0 turns it off). Subscriptions live 55 minutes and are
     * renewed when they expire within 20.
     */
    @WithDefault("600S")
    Duration teamsRenewInterval();
  }
}
