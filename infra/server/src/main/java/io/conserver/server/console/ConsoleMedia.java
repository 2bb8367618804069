package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.VconException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A recording's bytes for the player: inline in the vCon, or the tenant's own content-addressed
 * media that the dialog's url or content_hash names ({@link MediaStore#keyOf}, {@link
 * MediaStore#heldUnder}). Nothing else is read: no url is fetched, and no key comes from the
 * browser (it names a conversation and a dialog index; the key comes from the stored vCon).
 */
final class ConsoleMedia {
  /** Names browsers play, for the names vCons and drops use. */
  private static final Map<String, String> PLAYABLE =
      Map.of(
          "audio/x-mp3", "audio/mpeg",
          "audio/mp3", "audio/mpeg",
          "audio/x-wav", "audio/wav",
          "audio/wave", "audio/wav");

  record Media(long length, String mediatype, Supplier<InputStream> open) {}

  private ConsoleMedia() {}

  static boolean hasMedia(JsonNode dialog) {
    return "recording".equals(dialog.path("type").asText())
        && (dialog.hasNonNull("url") || dialog.hasNonNull("body"));
  }

  static Optional<Media> open(BlobStore store, String tenant, JsonNode dialog) {
    if (!hasMedia(dialog) || !dialog.isObject()) {
      return Optional.empty();
    }
    Dialog model = Dialog.of((ObjectNode) dialog.deepCopy());
    String type = playable(model.mediatype().orElse(""));
    if (model.isInline()) {
      byte[] bytes;
      try {
        bytes = model.bodyBytes().orElse(new byte[0]);
      } catch (VconException e) {
        return Optional.empty();
      }
      return Optional.of(new Media(bytes.length, type, () -> new ByteArrayInputStream(bytes)));
    }
    MediaStore media = new MediaStore(store, MediaStore.defaultBaseUrl(tenant));
    Optional<String> key =
        model.url().flatMap(media::keyOf).or(() -> media.heldUnder(model.contentHashes()));
    return key.flatMap(
        k -> store.head(k).map(head -> new Media(head.size(), type, () -> media.open(k))));
  }

  static String playable(String mediatype) {
    String lower = mediatype.toLowerCase(Locale.ROOT);
    String mapped = PLAYABLE.getOrDefault(lower, lower);
    return mapped.matches("(audio|video)/[a-z0-9.+-]{1,40}") ? mapped : "application/octet-stream";
  }
}
