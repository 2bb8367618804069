package io.conserver.platform.funqy;

import io.conserver.vcon.VconUuid;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The runtime hooks of Lambda SnapStart (the CRaC API the managed Java runtimes call around a
 * snapshot). Before the snapshot, the deployment's function is primed ({@link
 * StageFunctions#prime}), so a copy restored from it starts with that work done. After a restore,
 * what must differ between copies is drawn again: {@link VconUuid}'s random source and sequence
 * (every copy restored from one snapshot would otherwise mint the same ids). Nothing else needs it:
 * priming opens no connection and resolves no credentials (the SDK resolves them at the first
 * request, after the restore). On a JVM without CRaC, every host but SnapStart, registering does
 * nothing.
 */
public final class SnapshotHooks implements Resource {
  private static final Logger LOG = Logger.getLogger(SnapshotHooks.class.getName());

  /** The registered hooks: the CRaC context need not keep its resources reachable. */
  private static volatile SnapshotHooks registered;

  private final StageFunctions functions;
  private final Optional<String> function;

  SnapshotHooks(StageFunctions functions, Optional<String> function) {
    this.functions = functions;
    this.function = function;
  }

  /**
   * Registers the hooks for the exported function ({@code quarkus.funqy.export}) once per process;
   * with {@code conserver.prime-at-init} set, primes at once (init work instead of first-event
   * work, for hosts without snapshots).
   */
  static synchronized void register(Optional<String> export, FunctionSettings settings) {
    if (registered != null) {
      return;
    }
    registered =
        new SnapshotHooks(StageFunctions.fromEnvironment(), export.map(SnapshotHooks::function));
    Core.getGlobalContext().register(registered);
    if (settings.optional("conserver.prime-at-init").map(Boolean::parseBoolean).orElse(false)) {
      registered.prime();
    }
  }

  /** The transformation an export runs: {@code ingest-cloudevent} is {@code ingest}'s. */
  static String function(String export) {
    return export.endsWith("-cloudevent")
        ? export.substring(0, export.length() - "-cloudevent".length())
        : export;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    VconUuid.reseed();
  }

  /**
   * Primes the function; a failure is logged, not thrown: the snapshot is still taken, and the
   * first event reports the same configuration error where its caller sees it.
   */
  void prime() {
    function.ifPresent(
        f -> {
          try {
            long started = System.nanoTime();
            functions.prime(f);
            LOG.info(
                () ->
                    "primed function "
                        + f
                        + " in "
                        + (System.nanoTime() - started) / 1_000_000
                        + " ms");
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not prime function " + f + ": " + e.getMessage());
          }
        });
  }
}
