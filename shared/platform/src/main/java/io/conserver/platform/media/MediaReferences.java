package io.conserver.platform.media;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentObject;
import io.conserver.vcon.Vcon;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which conversations refer to each media object: {@code index/media/<content hash>/<conversation
 * id>}, one empty object per (media, conversation), written create-if-absent by the stage runner
 * for every output. Content-addressed media is stored once however many conversations share it (the
 * same hold music, a forwarded recording), so an erase deletes a media object only when the last
 * conversation referring to it goes.
 */
public final class MediaReferences {
  public static final String PREFIX = "index/media/";

  private final BlobStore store;
  private final MediaStore media;

  public MediaReferences(BlobStore store, MediaStore media) {
    this.store = store;
    this.media = media;
  }

  /** The media keys ({@code media/<hash>}) a vCon's dialogs and attachments refer to. */
  public Set<String> mediaKeysOf(Vcon vcon) {
    Set<String> keys = new LinkedHashSet<>();
    vcon.dialogs().forEach(d -> add(d, keys));
    vcon.attachments().forEach(a -> add(a, keys));
    return keys;
  }

  /**
   * Records that the conversation refers to each of the vCon's media; returns how many were new.
   */
  public int record(String conversationId, Vcon vcon) {
    int added = 0;
    for (String key : mediaKeysOf(vcon)) {
      added +=
          store
                  .putBytesIfAbsent(refKey(key, conversationId), new byte[0], PutOptions.BINARY)
                  .isPresent()
              ? 1
              : 0;
    }
    return added;
  }

  /** The conversations recorded as referring to a media key. */
  public Set<String> referrers(String mediaKey) {
    String prefix = refPrefix(mediaKey);
    Set<String> ids = new LinkedHashSet<>();
    for (BlobMetadata entry : store.list(prefix)) {
      ids.add(entry.key().substring(prefix.length()));
    }
    return ids;
  }

  /** Forgets one conversation's reference (after its copies are gone). */
  public void forget(String mediaKey, String conversationId) {
    store.delete(refKey(mediaKey, conversationId));
  }

  public static String refKey(String mediaKey, String conversationId) {
    return refPrefix(mediaKey) + conversationId;
  }

  private static String refPrefix(String mediaKey) {
    if (!mediaKey.startsWith("media/") || mediaKey.indexOf('/', "media/".length()) >= 0) {
      throw new IllegalArgumentException("not a media key: " + mediaKey);
    }
    return PREFIX + mediaKey.substring("media/".length()) + "/";
  }

  private void add(ContentObject object, Set<String> keys) {
    object.url().flatMap(media::keyOf).ifPresent(keys::add);
  }
}
