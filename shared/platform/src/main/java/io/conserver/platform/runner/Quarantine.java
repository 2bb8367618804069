package io.conserver.platform.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.time.Instant;
import java.util.List;

/**
 * Writes quarantine records where an operator looks for them: {@code
 * quarantine/<pipeline>/<stage>/<ref>.json} with the triggering event, a reference to the input
 * (which itself is never moved or changed), the error and the attempt. Writing again for the same
 * reference replaces the record with the latest failure.
 */
final class Quarantine {
  private final BlobStore store;

  Quarantine(BlobStore store) {
    this.store = store;
  }

  String put(
      String pipeline,
      String stage,
      String reference,
      ObjectCreated event,
      String errorClass,
      String message,
      List<String> details,
      int attempt,
      Instant at) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("pipeline", pipeline);
    record.put("stage", stage);
    ObjectNode trigger = record.putObject("event");
    if (event != null) {
      trigger.put("tenant", event.tenant());
      trigger.put("bucket", event.bucket());
      trigger.put("key", event.key());
      trigger.put("size", event.size());
      trigger.put("version", event.version());
    }
    ObjectNode error = record.putObject("error");
    error.put("class", errorClass);
    error.put("message", message);
    details.forEach(error.putArray("details")::add);
    error.put("attempt", attempt);
    record.put("at", at.toString());
    String key = BucketLayout.quarantineKey(pipeline, stage, reference);
    store.putBytes(key, VconJson.codec().write(record), PutOptions.JSON);
    return key;
  }
}
