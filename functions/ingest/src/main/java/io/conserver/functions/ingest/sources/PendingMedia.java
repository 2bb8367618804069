package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.Attachment;
import java.time.OffsetDateTime;

/**
 * A recording the source names but whose bytes are not in the tenant's store yet. The draft
 * requires a {@code content_hash} beside every {@code url}, and a hash of bytes we have not seen
 * would be invented; so the recording dialog is written without content and this attachment keeps
 * the reference, for a later fetch (through the URL guard) to hash, copy and fill in.
 */
public final class PendingMedia {
  public static final String PURPOSE = "pending_media";

  private PendingMedia() {}

  /**
   * @param reference where the recording is ({@code url} for an https url, {@code location} for a
   *     bucket/key)
   */
  static Attachment of(
      int dialog, String source, String member, String reference, OffsetDateTime at) {
    ObjectNode pending = JsonNodeFactory.instance.objectNode();
    pending.put("source", source);
    pending.put(member, reference);
    pending.put("status", "not fetched: content_hash unknown until the bytes are read");
    return Attachment.builder(PURPOSE).start(at).dialog(dialog).inlineJson(pending).build();
  }
}
