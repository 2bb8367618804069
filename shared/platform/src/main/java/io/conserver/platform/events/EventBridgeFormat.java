package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * S3 events through Amazon EventBridge (a rule targeting SQS or Lambda):
 *
 * <pre>{@code
 * {"version":"0","id":"…","detail-type":"Object Created","source":"aws.s3","account":"…",
 *  "time":"…","region":"…","resources":["arn:aws:s3:::b"],
 *  "detail":{"version":"0","bucket":{"name":"b"},"object":{"key":"…","size":5,"etag":"…",
 *  "version-id":"…","sequencer":"…"},"request-id":"…","requester":"…","reason":"PutObject"}}
 * }</pre>
 *
 * <p><b>Key encoding (an assumption).</b> AWS's page on the EventBridge message structure does not
 * say whether {@code detail.object.key} is URL-encoded, and its only example key needs no encoding.
 * Public handlers written against real EventBridge deliveries form-decode it ({@code
 * unquote_plus}), as for S3 notifications, so it is decoded here with the same form semantics ('+'
 * is a space, {@code %2B} a plus). If S3 ever sent raw keys here, a key holding a literal '+' or a
 * '%' followed by two hex digits would decode wrongly (a '%' followed by anything else would be
 * reported as undecodable, never guessed); every other key is unaffected, because decoding leaves
 * it unchanged. The tests pin this assumption.
 *
 * <p>Other S3 detail types (Object Deleted, Object Restore …, Object Tags …) are ignored; an event
 * from another source is poison (the rule is wired wrong). The delivery's id is the event's id.
 */
final class EventBridgeFormat implements EventFormat {
  static final String OBJECT_CREATED = "Object Created";

  @Override
  public boolean recognises(JsonNode root) {
    return root.has("detail-type") && root.has("source") && root.has("detail");
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    return List.of(
        EventFormat.deliver(Fields.textOrNull(root, "id"), 0, () -> outcome(root, decoding)));
  }

  private static Outcome outcome(JsonNode root, Decoding decoding) {
    String source = Fields.text(root, "source", "source");
    if (!"aws.s3".equals(source)) {
      throw new BadEvent("EventBridge event from source " + Fields.quote(source) + " is not S3");
    }
    String detailType = Fields.text(root, "detail-type", "detail-type");
    if (!OBJECT_CREATED.equals(detailType)) {
      return new Outcome.Ignored(
          "S3 event " + Fields.quote(detailType) + " is not an object creation");
    }
    JsonNode detail = Fields.object(root, "detail", "detail");
    String bucket =
        Fields.text(Fields.object(detail, "bucket", "detail.bucket"), "name", "detail.bucket.name");
    JsonNode object = Fields.object(detail, "object", "detail.object");
    String key = Keys.formDecode(Fields.text(object, "key", "detail.object.key"));
    long size = Fields.size(object, "size", "detail.object.size");
    String etag = Fields.optionalText(object, "etag", "detail.object.etag");
    Created created = decoding.created();
    created.add(bucket, key, size, etag);
    return created.outcome();
  }
}
