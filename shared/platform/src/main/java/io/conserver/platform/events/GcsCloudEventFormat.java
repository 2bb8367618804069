package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;

/**
 * Cloud Storage CloudEvents ({@code google.cloud.storage.object.v1.*}), as Eventarc delivers them
 * to Cloud Functions gen2 and Cloud Run: in binary mode (attributes in {@code ce-*} headers, body =
 * the object resource) or structured mode:
 *
 * <pre>{@code
 * {"specversion":"1.0","type":"google.cloud.storage.object.v1.finalized",
 *  "source":"//storage.googleapis.com/projects/_/buckets/B","subject":"objects/NAME","id":"…",
 *  "time":"…","data":{"kind":"storage#object","bucket":"B","name":"NAME","generation":"17…",
 *  "metageneration":"1","size":"123","contentType":"…",…}}
 * }</pre>
 *
 * <p>{@code finalized} is a new object (or a new generation of one): its name is not encoded, its
 * size a decimal string, its version the generation. A {@code finalized} event whose metageneration
 * is above 1 describes a metadata change, not new content: ignored. {@code deleted}, {@code
 * archived} and {@code metadataUpdated} are ignored. Bucket and name come from the data; when the
 * data lacks them, from {@code source} and {@code subject}. The delivery's id is the CloudEvent id.
 * Eventarc gives no delivery count (0): count attempts in the bucket.
 */
final class GcsCloudEventFormat implements EventFormat {
  static final String TYPE_PREFIX = "google.cloud.storage.object.v1.";
  static final String FINALIZED = TYPE_PREFIX + "finalized";
  private static final String SOURCE_PREFIX = "//storage.googleapis.com/projects/_/buckets/";
  private static final String SUBJECT_PREFIX = "objects/";

  @Override
  public boolean recognises(JsonNode root) {
    String type = Fields.textOrNull(root, "type");
    return root.has(CloudEvents.SPECVERSION) && type != null && type.startsWith(TYPE_PREFIX);
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    return List.of(
        EventFormat.deliver(Fields.textOrNull(root, "id"), 0, () -> outcome(root, decoding)));
  }

  private static Outcome outcome(JsonNode root, Decoding decoding) {
    String type = Fields.textOrNull(root, "type");
    if (!FINALIZED.equals(type)) {
      return new Outcome.Ignored("GCS event " + Fields.quote(type) + " is not an object creation");
    }
    JsonNode data = data(root, decoding);
    String metageneration = Fields.optionalText(data, "metageneration", "data.metageneration");
    long meta = Fields.parseNonNegativeLong(metageneration);
    if (meta > 1) {
      return new Outcome.Ignored("GCS metadata update (metageneration above 1)");
    }
    String bucket = Fields.optionalText(data, "bucket", "data.bucket");
    if (bucket == null) {
      bucket = after(Fields.optionalText(root, "source", "source"), SOURCE_PREFIX);
    }
    String name = Fields.optionalText(data, "name", "data.name");
    if (name == null) {
      name = after(Fields.optionalText(root, "subject", "subject"), SUBJECT_PREFIX);
    }
    if (bucket == null || bucket.isEmpty()) {
      throw new BadEvent("GCS event names no bucket");
    }
    if (name == null || name.isEmpty()) {
      throw new BadEvent("GCS event names no object");
    }
    Created created = decoding.created();
    created.add(
        bucket,
        name,
        Fields.size(data, "size", "data.size"),
        Fields.optionalText(data, "generation", "data.generation"));
    return created.outcome();
  }

  /** The event's data: a JSON object in {@code data}, or base64 JSON in {@code data_base64}. */
  private static JsonNode data(JsonNode root, Decoding decoding) {
    JsonNode data = Fields.present(root, "data");
    if (data == null) {
      String base64 = Fields.optionalText(root, "data_base64", "data_base64");
      if (base64 == null) {
        return null;
      }
      try {
        data = decoding.parse(Base64.getDecoder().decode(base64));
      } catch (IllegalArgumentException e) {
        throw new BadEvent("data_base64 is not base64");
      }
    }
    if (!data.isObject()) {
      throw new BadEvent("CloudEvent data is not an object");
    }
    return data;
  }

  private static String after(String value, String prefix) {
    return value != null && value.startsWith(prefix) ? value.substring(prefix.length()) : null;
  }
}
