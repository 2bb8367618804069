package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * S3 event notifications, as S3 sends them to Lambda, SQS and SNS:
 *
 * <pre>{@code
 * {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
 *   "s3":{"bucket":{"name":"b"},"object":{"key":"inbox/default/call+1%2B2.json","size":12,
 *   "eTag":"0123...","sequencer":"..."}}}]}
 * }</pre>
 *
 * and MinIO's notifications, the same records ({@code "eventSource":"minio:s3"}, event names with
 * an {@code s3:} prefix) with, from its webhook and Kafka targets, an {@code EventName}/{@code Key}
 * wrapper at the top (ignored: the records are authoritative). Also {@code s3:TestEvent}, which S3
 * sends once when a notification is configured: ignored.
 *
 * <p>Keys are URL-encoded with form semantics and decoded ({@link Keys#formDecode}). Every record
 * of one notification is one delivery: a record without bucket or key makes it poison. Event names
 * other than object creation are ignored, and so are MinIO's "ObjectCreated" events that only
 * change an object's metadata (retention, legal hold, tags).
 */
final class S3NotificationFormat implements EventFormat {
  private static final String CREATED = "ObjectCreated:";

  /** MinIO reports these metadata changes as ObjectCreated: the content did not change. */
  private static final Set<String> METADATA_ONLY =
      Set.of(
          "ObjectCreated:PutRetention",
          "ObjectCreated:PutLegalHold",
          "ObjectCreated:PutTagging",
          "ObjectCreated:DeleteTagging");

  @Override
  public boolean recognises(JsonNode root) {
    if ("s3:TestEvent".equals(Fields.textOrNull(root, "Event"))) {
      return true;
    }
    JsonNode records = root.get("Records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      return false;
    }
    JsonNode first = records.get(0);
    String source = Fields.textOrNull(first, "eventSource");
    return (source != null && source.endsWith(":s3")) || Fields.present(first, "s3") != null;
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    return List.of(EventFormat.deliver(null, 0, () -> outcome(root, decoding)));
  }

  private static Outcome outcome(JsonNode root, Decoding decoding) {
    if (root.has("Event")) {
      return new Outcome.Ignored("s3:TestEvent (sent when a notification is configured)");
    }
    JsonNode records = root.get("Records");
    Created created = decoding.created();
    for (int i = 0; i < records.size(); i++) {
      try {
        record(records.get(i), created);
      } catch (BadEvent e) {
        throw records.size() == 1 ? e : e.at("record " + i);
      }
    }
    return created.outcome();
  }

  private static void record(JsonNode record, Created created) {
    if (!record.isObject()) {
      throw new BadEvent("S3 record is not an object");
    }
    String eventName = Fields.text(record, "eventName", "eventName");
    String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    if (!name.startsWith(CREATED)) {
      created.ignore("S3 event " + Fields.quote(name) + " is not an object creation");
      return;
    }
    if (METADATA_ONLY.contains(name)) {
      created.ignore("S3 event " + Fields.quote(name) + " changes metadata only");
      return;
    }
    JsonNode s3 = Fields.object(record, "s3", "s3");
    String bucket = Fields.text(Fields.object(s3, "bucket", "s3.bucket"), "name", "s3.bucket.name");
    JsonNode object = Fields.object(s3, "object", "s3.object");
    String key = Keys.formDecode(Fields.text(object, "key", "s3.object.key"));
    long size = Fields.size(object, "size", "s3.object.size");
    String eTag = Fields.optionalText(object, "eTag", "s3.object.eTag");
    created.add(bucket, key, size, eTag);
  }
}
