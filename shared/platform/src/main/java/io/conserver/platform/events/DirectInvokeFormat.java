package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A direct invoke, as {@code conserver invoke}, the local runtime and tests send it: {@code
 * {"bucket":"b","key":"inbox/default/x.json"}} with optional {@code size} and {@code version}. The
 * key is taken as it is (not encoded). No message id, no delivery count.
 */
final class DirectInvokeFormat implements EventFormat {
  @Override
  public boolean recognises(JsonNode root) {
    return root.has("bucket") && root.has("key");
  }

  @Override
  public List<Delivery> decode(JsonNode root, Decoding decoding) {
    return List.of(
        EventFormat.deliver(
            null,
            0,
            () -> {
              Created created = decoding.created();
              created.add(
                  Fields.text(root, "bucket", "bucket"),
                  Fields.text(root, "key", "key"),
                  Fields.size(root, "size", "size"),
                  Fields.optionalText(root, "version", "version"));
              return created.outcome();
            }));
  }
}
