package io.conserver.functions.export;

import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.PostgresSink;
import io.conserver.functions.export.sinks.Sink;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.functions.export.sinks.SinkRejectedException;
import io.conserver.functions.export.sinks.Sinks;
import io.conserver.functions.export.sinks.WebhookSink;
import io.conserver.functions.export.sinks.saas.SaasEnvironment;
import io.conserver.platform.erase.ResidueMatcher;
import io.conserver.platform.erase.SinkJournalEntry;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.SinkDeclaration;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Vcon;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export module's side of erase ({@link SinkPort}): builds each journalled sink from the
 * pipeline declaration it was exported under, with the same credentials the export stage uses, and
 * asks it to delete (or, for the scrub policy, to take the scrubbed version). A webhook's copy is
 * out of reach: its receiver is sent a signed {@code vcon.deleted} event for each uuid delivered,
 * and the receipt says it was notified (and where). The residue scan reads every PostgreSQL sink's
 * rows; files sinks live in the bucket, which the bucket scan reads.
 */
public final class ExportSinkPort implements SinkPort {
  private final BlobStore store;
  private final String tenant;
  private final Map<String, PipelineDeclaration> pipelines;
  private final SecretRefs secrets;
  private final Clock clock;
  private final SaasEnvironment environment;

  public ExportSinkPort(
      BlobStore store,
      String tenant,
      Map<String, PipelineDeclaration> pipelines,
      SecretRefs secrets,
      Clock clock) {
    this(store, tenant, pipelines, secrets, clock, SaasEnvironment.production());
  }

  /** With the sinks' outside endpoints given (tests: contract fakes on loopback). */
  public ExportSinkPort(
      BlobStore store,
      String tenant,
      Map<String, PipelineDeclaration> pipelines,
      SecretRefs secrets,
      Clock clock,
      SaasEnvironment environment) {
    this.environment = environment;
    this.store = store;
    this.tenant = tenant;
    this.pipelines = Map.copyOf(pipelines);
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public SinkDeletion delete(SinkJournalEntry entry) throws Exception {
    Sink sink = sink(entry);
    if (sink.type().equals("webhook")) {
      Set<String> uuids = deliveredUuids(entry);
      for (String uuid : uuids) {
        sink.delete(uuid);
      }
      return SinkDeletion.notified(
          WebhookSink.DELETED_EVENT
              + " sent to "
              + hosts(entry)
              + " for "
              + uuids.size()
              + " delivered uuid(s) and acknowledged; removing its copy is the receiver's part");
    }
    if (sink.type().equals("files") && !entry.targetIds().isEmpty()) {
      // The journal names the objects: delete them without listing the sink's whole prefix
      // (the area refuses any key outside the pipeline's exports).
      ExportArea area = new ExportArea(store, entry.pipeline());
      entry.targetIds().forEach(area::delete);
    } else {
      sink.delete(entry.exportedUuid());
    }
    return SinkDeletion.deleted(entry.targetIds().size() + " target(s) deleted");
  }

  @Override
  public void replace(SinkJournalEntry entry, Vcon scrubbed) throws Exception {
    Sink sink = sink(entry);
    sink.delete(entry.exportedUuid()); // the scrubbed copy has its own uuid: drop the old one
    ExportContext context =
        new ExportContext(tenant, entry.pipeline(), entry.stage(), clock.instant());
    SinkReceipt receipt = sink.export(scrubbed, context);
    SinkJournal.record(
        new ExportArea(store, entry.pipeline()),
        entry.conversationId(),
        scrubbed.uuid(),
        entry.pipeline(),
        entry.stage(),
        sink,
        receipt,
        context.at());
  }

  @Override
  public List<SinkScan> scan(ResidueMatcher matcher) throws Exception {
    List<SinkScan> scans = new ArrayList<>();
    for (PipelineDeclaration pipeline : pipelines.values()) {
      for (SinkDeclaration declaration : pipeline.sinks().values()) {
        if (!declaration.type().equals("postgres")) {
          continue;
        }
        PostgresSink sink = (PostgresSink) create(pipeline.name(), declaration);
        List<String> matches = new ArrayList<>();
        long rows =
            sink.forEachRow(
                (reference, text) -> {
                  Set<String> forms = matcher.find(text);
                  if (!forms.isEmpty()) {
                    matches.add(reference + " " + forms);
                  }
                });
        scans.add(new SinkScan(pipeline.name(), declaration.name(), "postgres", rows, matches));
      }
    }
    return scans;
  }

  private Sink sink(SinkJournalEntry entry) throws SinkRejectedException {
    PipelineDeclaration pipeline = pipelines.get(entry.pipeline());
    SinkDeclaration declaration = pipeline == null ? null : pipeline.sinks().get(entry.sink());
    if (declaration == null) {
      // Permanent until an operator restores the declaration: the request waits for it.
      throw new IllegalStateException(
          "sink "
              + entry.sink()
              + " of pipeline "
              + entry.pipeline()
              + " is no longer declared; declare it again so erase can reach its copy");
    }
    return create(entry.pipeline(), declaration);
  }

  private Sink create(String pipeline, SinkDeclaration declaration) throws SinkRejectedException {
    return new Sinks(secrets, new ExportArea(store, pipeline), environment).create(declaration);
  }

  /**
   * The uuids a webhook was sent (a target id is {@code <host>#<uuid>:<stage>}; a redacted copy has
   * its own uuid), or the conversation's id when the journal names none.
   */
  private static Set<String> deliveredUuids(SinkJournalEntry entry) {
    Set<String> uuids = new java.util.TreeSet<>();
    for (String target : entry.targetIds()) {
      int hash = target.indexOf('#');
      int colon = target.lastIndexOf(':');
      if (hash >= 0 && colon > hash + 1) {
        uuids.add(target.substring(hash + 1, colon));
      }
    }
    if (uuids.isEmpty()) {
      uuids.add(entry.conversationId());
    }
    return uuids;
  }

  private static String hosts(SinkJournalEntry entry) {
    Set<String> hosts = new java.util.TreeSet<>();
    for (String target : entry.targetIds()) {
      String host = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
      hosts.add(URI.create("https://" + host).getHost());
    }
    return String.join(", ", hosts);
  }
}
