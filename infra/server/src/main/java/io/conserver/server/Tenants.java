package io.conserver.server;

import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.local.config.LocalConfig;
import io.conserver.local.runtime.BackgroundPriority;
import io.conserver.local.runtime.Functions;
import io.conserver.local.runtime.LocalRuntime;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.local.runtime.TenantErase;
import io.conserver.local.runtime.TenantLifecycle;
import io.conserver.local.runtime.TenantTeamsRenewal;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.secrets.SecretRefs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The tenants this server serves: for each one the embedded runtime runs (every pipeline, resumed
 * at start, new writes trigger stages in-process, inbox drops by other processes picked up by an
 * input watcher, everything listed again every {@code conserver.runtime.resume-interval}; stage
 * threads run at a lower CPU priority than request handling), and its API keys come from {@code
 * config.json}, checked for changes every few seconds, so {@code conserver apikey create/revoke}
 * takes effect without a restart. Served tenants: those with keys in the configuration plus {@code
 * conserver.tenants}.
 */
@Startup
@ApplicationScoped
public class Tenants {
  private static final Logger LOG = Logger.getLogger(Tenants.class);
  private static final Logger OUTCOMES = Logger.getLogger("io.conserver.server.outcomes");

  private final ServerConfig config;
  private final MeterRegistry registry;
  private final WebhookSecrets webhookSecrets;
  private final Map<String, TenantContext> running = new ConcurrentHashMap<>();
  private final Map<String, TenantTeamsRenewal> teamsRenewals = new ConcurrentHashMap<>();
  private Path data;
  private Map<String, PipelineDeclaration> pipelines;
  private InputWatcher watcher;
  private ScheduledExecutorService schedule;
  private ScheduledExecutorService syncSchedule;
  private volatile KeyRing keys = KeyRing.empty();
  private volatile boolean started;
  private String configStamp = "";

  Tenants(ServerConfig config, MeterRegistry registry, WebhookSecrets webhookSecrets) {
    this.config = config;
    this.registry = registry;
    this.webhookSecrets = webhookSecrets;
  }

  void start(@Observes StartupEvent event) {
    data = Path.of(config.data()).toAbsolutePath().normalize();
    Path declarations =
        Path.of(config.home()).resolve("terraform/pipelines").toAbsolutePath().normalize();
    if (!Files.isDirectory(declarations)) {
      throw new IllegalStateException(
          "no pipeline declarations at "
              + declarations
              + " (set conserver.home / CONSERVER_HOME to the repository)");
    }
    pipelines = PipelineParser.parseAll(declarations);
    LocalConfig.ensureExists(data);
    watcher = new InputWatcher(config.runtime().backgroundNice());
    reloadKeys();
    for (String tenant : config.tenants().orElse(List.of())) {
      if (!LocalConfig.isTenantName(tenant)) {
        throw new IllegalStateException("conserver.tenants: not a valid tenant name: " + tenant);
      }
      startTenant(tenant);
    }
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              int nice = config.runtime().backgroundNice();
              Thread thread =
                  new Thread(
                      () -> {
                        BackgroundPriority.lowerCurrentThread(nice);
                        r.run();
                      },
                      "conserver-schedule");
              thread.setDaemon(true);
              return thread;
            });
    long configMillis = config.runtime().configCheckInterval().toMillis();
    schedule.scheduleWithFixedDelay(
        this::reloadKeysQuietly, configMillis, configMillis, TimeUnit.MILLISECONDS);
    long resumeMillis = config.runtime().resumeInterval().toMillis();
    schedule.scheduleWithFixedDelay(
        this::resumeAll, resumeMillis, resumeMillis, TimeUnit.MILLISECONDS);
    long teamsMillis = config.runtime().teamsRenewInterval().toMillis();
    if (teamsMillis > 0) {
      // The first pass a minute after start: subscriptions may have come due while it was down.
      schedule.scheduleWithFixedDelay(
          this::renewTeams, Math.min(60_000, teamsMillis), teamsMillis, TimeUnit.MILLISECONDS);
    }
    long syncMillis = config.api().syncInterval().toMillis();
    if (syncMillis > 0) {
      // Its own thread: a flush can take seconds and must not hold up the schedule above.
      DataVolumeSync sync = new DataVolumeSync("sync", data);
      syncSchedule =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "conserver-sync");
                thread.setDaemon(true);
                return thread;
              });
      syncSchedule.scheduleWithFixedDelay(
          sync::tick, syncMillis, syncMillis, TimeUnit.MILLISECONDS);
    }
    started = true;
    LOG.infof(
        "Conserver API: data %s, pipelines %s, tenants %s (API keys per tenant: %s)",
        data, pipelines.keySet(), new TreeSet<>(running.keySet()), keys.keysPerTenant());
  }

  void stop(@Observes ShutdownEvent event) {
    started = false;
    if (schedule != null) {
      schedule.shutdownNow();
    }
    if (syncSchedule != null) {
      syncSchedule.shutdownNow();
    }
    if (watcher != null) {
      watcher.close();
    }
    running.values().forEach(t -> t.runtime.close());
    running.values().forEach(t -> t.erasing.shutdownNow());
  }

  boolean started() {
    return started;
  }

  KeyRing keys() {
    return keys;
  }

  Optional<TenantContext> tenant(String name) {
    return Optional.ofNullable(running.get(name));
  }

  List<TenantContext> all() {
    return new ArrayList<>(running.values());
  }

  Optional<PipelineDeclaration> pipeline(String name) {
    return Optional.ofNullable(pipelines.get(name));
  }

  /** The declared pipeline, or 404 {@code unknown-pipeline} for the API. */
  PipelineDeclaration declared(String name) {
    return pipeline(name)
        .orElseThrow(
            () ->
                Problem.failure(
                    404,
                    "unknown-pipeline",
                    "Not Found",
                    "no pipeline '" + name + "' is declared (terraform/pipelines/)"));
  }

  Map<String, PipelineDeclaration> pipelines() {
    return pipelines;
  }

  Path data() {
    return data;
  }

  private synchronized TenantContext startTenant(String name) {
    TenantContext existing = running.get(name);
    if (existing != null) {
      return existing;
    }
    LocalTenant tenant = new LocalTenant(data, name);
    boolean stages = config.runtime().stages();
    LocalRuntime runtime =
        new LocalRuntime(
            tenant,
            stages ? pipelines : Map.of(), // no stage: writes trigger nothing, listings find none
            Functions.available(),
            Clock.systemUTC(),
            Tenants::logOutcome,
            new LocalRuntime.StageThreads(
                config.runtime().maxThreadsPerStage(),
                config.runtime().backgroundNice(),
                config.runtime().maxQueuedPerStage()));
    TenantContext context =
        new TenantContext(
            tenant,
            runtime,
            TenantErase.service(tenant, pipelines, Clock.systemUTC()),
            TenantLifecycle.consent(tenant, pipelines, Clock.systemUTC()),
            registry);
    // Erase requests a crash interrupted finish in the background, before anything else erases.
    context.erasing.submit(() -> resumeErase(context));
    watcher.watch(
        runtime,
        tenant.bucketFolder(),
        runtime.inputPrefixes().stream().filter(p -> p.startsWith("inbox/")).toList(),
        context.ownWrites);
    int queued = runtime.resume();
    TenantTeamsRenewal.of(
            name,
            tenant.store(),
            pipelines.values(),
            SecretRefs.system(),
            VendorEndpoints.production(),
            () -> teamsClientState(name),
            LOG::info,
            LOG::warn)
        .ifPresent(renewal -> teamsRenewals.put(name, renewal));
    running.put(name, context);
    if (stages) {
      LOG.infof("tenant %s: runtime started, %d pending object(s)", name, queued);
    } else {
      LOG.infof(
          "tenant %s: API only (conserver.runtime.stages=false): submissions are stored in the"
              + " inbox for another process on %s to run the stages",
          name, data);
    }
    return context;
  }

  // The configuration is read again only when its file changed (size or modification time).
  private synchronized void reloadKeys() {
    Path file = LocalConfig.file(data);
    String stamp;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      stamp = attributes.size() + "/" + attributes.lastModifiedTime().toMillis();
    } catch (IOException e) {
      stamp = "missing";
    }
    if (stamp.equals(configStamp)) {
      return;
    }
    KeyRing fresh = new KeyRing(LocalConfig.apiKeys(data));
    for (String tenant : fresh.keysPerTenant().keySet()) {
      startTenant(tenant); // before its keys are accepted, so a valid key always finds it
    }
    keys = fresh;
    if (!configStamp.isEmpty()) {
      LOG.infof("API keys reloaded: %s", fresh.keysPerTenant());
    }
    configStamp = stamp;
  }

  private void reloadKeysQuietly() {
    try {
      reloadKeys();
    } catch (RuntimeException e) {
      LOG.warnf("%s not reloaded, the previous keys stay in force: %s", LocalConfig.FILE_NAME, e);
    }
  }

  private static void resumeErase(TenantContext context) {
    try {
      context.erase.resumeUnfinished(m -> LOG.infof("tenant %s: erase: %s", context.name, m));
    } catch (Exception e) {
      LOG.warnf(
          "tenant %s: an unfinished erase request could not finish yet (%s); POST it again or"
              + " restart to retry",
          context.name, e.getMessage());
    }
  }

  private void resumeAll() {
    for (TenantContext context : running.values()) {
      try {
        int queued = context.runtime.resume();
        if (queued > 0) {
          LOG.debugf(
              "tenant %s: %d object(s) queued by the periodic listing", context.name, queued);
        }
      } catch (RuntimeException e) {
        LOG.warnf("tenant %s: listing the inputs failed: %s", context.name, e);
      }
    }
  }

  /** The client state Graph echoes to the tenant's Teams webhook, to re-create a subscription. */
  private String teamsClientState(String tenant) {
    String setting = "tenants." + tenant + ".webhooks.teams.client_state_ref";
    try {
      return webhookSecrets
          .secret(tenant, "teams", "client_state_ref")
          .orElseThrow(() -> new IllegalStateException("set " + setting + " in config.json"));
    } catch (Problem.Failure e) {
      throw new IllegalStateException(setting + " names no available secret");
    }
  }

  private void renewTeams() {
    teamsRenewals.values().forEach(TenantTeamsRenewal::tick); // a tick never throws
  }

  // Stage outcomes: quarantines matter to an operator; the rest is for debugging (a busy server
  // would otherwise log a line per conversation). Object keys hold ids, never personal data.
  private static void logOutcome(
      String pipeline, String stage, ObjectCreated event, StageOutcome outcome) {
    if (outcome == StageOutcome.QUARANTINED) {
      OUTCOMES.warnf(
          "tenant %s: %s/%s quarantined %s (./conserver quarantine list)",
          event.tenant(), pipeline, stage, event.key());
    } else if (OUTCOMES.isDebugEnabled()) {
      OUTCOMES.debugf(
          "tenant %s: %s/%s %s %s",
          event.tenant(), pipeline, stage, outcome.name().toLowerCase(), event.key());
    }
  }
}
