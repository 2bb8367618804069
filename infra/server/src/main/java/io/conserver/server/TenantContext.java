package io.conserver.server;

import io.conserver.local.runtime.LocalRuntime;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.consent.ConsentService;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.storage.BlobStore;
import io.conserver.server.share.ShareRecords;
import io.conserver.server.share.ShareTokens;
import io.conserver.server.share.SharedVconSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One served tenant: its folder, its running runtime, the bucket (writes through it trigger the
 * stages), its party index, and its request counters. Built once when the tenant starts.
 */
final class TenantContext {
  final String name;
  final LocalTenant tenant;
  final LocalRuntime runtime;
  final BlobStore store;
  final PartyIndex partyIndex;
  final EraseService erase;
  final ConsentService consent;
  final ShareTokens shareTokens;
  final ShareRecords shares;
  private volatile SharedVconSigner shareSigner;

  /** Erase requests run here, one at a time per tenant, after the POST has answered. */
  final ExecutorService erasing =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "conserver-erase");
            thread.setDaemon(true);
            return thread;
          });

  final Counter accepted;
  final Counter repeated;
  final Counter conflicts;
  final Counter rejected;
  final Counter shed;

  /**
   * Inbox keys this server wrote (to the nanosecond time), so the input watcher, which also sees
   * them, knows they were routed already; the watcher removes them.
   */
  final ConcurrentHashMap<String, Long> ownWrites = new ConcurrentHashMap<>();

  TenantContext(
      LocalTenant tenant,
      LocalRuntime runtime,
      EraseService erase,
      ConsentService consent,
      MeterRegistry registry) {
    this.name = tenant.tenant();
    this.tenant = tenant;
    this.runtime = runtime;
    this.store = runtime.store();
    this.partyIndex = new PartyIndex(store, tenant.partyIndexKey());
    this.erase = erase;
    this.consent = consent;
    this.shareTokens = new ShareTokens(tenant.shareLinkKey());
    this.shares = new ShareRecords(store);
    this.accepted = counter(registry, "accepted");
    this.repeated = counter(registry, "repeated");
    this.conflicts = counter(registry, "conflict");
    this.rejected = counter(registry, "rejected");
    this.shed = counter(registry, "backlogged");
    registry.gauge(
        "conserver.runtime.pending",
        io.micrometer.core.instrument.Tags.of("tenant", name),
        runtime,
        LocalRuntime::pending);
  }

  /** The signer of shared vCons; its key is made on first use. */
  SharedVconSigner shareSigner() {
    SharedVconSigner signer = shareSigner;
    if (signer == null) {
      signer = new SharedVconSigner(tenant.shareSigningKeyPair());
      shareSigner = signer;
    }
    return signer;
  }

  private Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("conserver.api.vcons")
        .description(
            "vCons POSTed, by outcome (accepted, repeated, conflict, rejected, backlogged)")
        .tag("tenant", name)
        .tag("outcome", outcome)
        .register(registry);
  }
}
