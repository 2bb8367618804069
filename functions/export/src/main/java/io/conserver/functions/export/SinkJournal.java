package io.conserver.functions.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.sinks.Sink;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.time.Instant;

/**
 * {@code sinks/journal/<uuid>/<sink>.json}: what was exported where, so a later erase can find
 * every copy and ask each sink to delete it. Rewritten on every export of the same vCon to the same
 * sink (the last export wins; target ids are deterministic, so they do not change).
 */
final class SinkJournal {
  private SinkJournal() {}

  static String record(
      ExportArea area,
      String vconUuid,
      String exportedUuid,
      String pipeline,
      String stage,
      Sink sink,
      SinkReceipt receipt,
      Instant at) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("vcon", vconUuid);
    // The sink keys its record by the exported vCon's uuid (a redacted copy's own): erase and
    // expiry must ask it to delete that one.
    record.put("exported", exportedUuid);
    record.put("pipeline", pipeline);
    record.put("stage", stage);
    record.put("sink", sink.name());
    record.put("type", sink.type());
    receipt.targetIds().forEach(record.putArray("target_ids")::add);
    record.put("at", at.toString());
    String key = BucketLayout.sinkJournalKey(vconUuid, sink.name());
    area.put(key, VconJson.codec().write(record), PutOptions.JSON);
    return key;
  }
}
