package io.conserver.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.Ledger;
import io.conserver.server.share.ShareRecords;
import java.time.Instant;
import java.util.UUID;

/**
 * Share events in the conversation's data-use ledger: {@code share/<id>/created}, {@code
 * share/<id>/access/<n>} (every access, recorded before the copy is served) and {@code
 * share/<id>/revoked}. Records name the share, the copy by key and hash, the scope and the creator
 * by principal; never a token, an address or anything personal.
 */
final class ShareLedger {
  private ShareLedger() {}

  static void created(TenantContext context, ShareRecords.Share share) {
    ObjectNode record = record(share, "created");
    record.put("scope", share.scope());
    record.put("expires_at", share.expiresAt().toString());
    record.put("by", share.createdBy());
    append(context, share, "share/" + share.id() + "/created", record);
  }

  static void accessed(TenantContext context, ShareRecords.Share share, boolean signed) {
    ObjectNode record = record(share, "accessed");
    record.put("scope", share.scope());
    record.put("signed", signed);
    // A fresh name per access: the ledger keeps one record per (stage, input), and each access
    // is its own event.
    append(context, share, "share/" + share.id() + "/access/" + UUID.randomUUID(), record);
  }

  static void revoked(TenantContext context, ShareRecords.Share share, String by) {
    ObjectNode record = record(share, "revoked");
    record.put("by", by);
    append(context, share, "share/" + share.id() + "/revoked", record);
  }

  private static ObjectNode record(ShareRecords.Share share, String event) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("pipeline", share.pipeline());
    record.put("function", "share");
    record.put("purpose", "sharing");
    record.put("outcome", event);
    record.put("share", share.id());
    ObjectNode input = record.putObject("input");
    input.put("key", share.key());
    input.put("hash", share.hash());
    return record;
  }

  private static void append(
      TenantContext context, ShareRecords.Share share, String stage, ObjectNode record) {
    record.put("stage", stage);
    record.put("at", Instant.now().toString());
    new Ledger(context.store).append(share.uuid(), stage, share.hash(), record);
  }
}
