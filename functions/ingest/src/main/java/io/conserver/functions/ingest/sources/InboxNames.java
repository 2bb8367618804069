package io.conserver.functions.ingest.sources;

import io.conserver.platform.runner.StageInput;
import io.conserver.platform.storage.BlobMetadata;
import java.util.Optional;

/** How drops in the inbox relate by name: {@code call.wav} and its sidecar {@code call.json}. */
public final class InboxNames {
  private InboxNames() {}

  /** The key without its extension. */
  public static String stem(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    return dot > slash ? key.substring(0, dot) : key;
  }

  public static String sidecarKey(String mediaKey) {
    return stem(mediaKey) + ".json";
  }

  /** The file name a person gave the drop (the last key segment). */
  public static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** For a JSON drop: the recording it is the sidecar of, if one with the same stem exists. */
  public static Optional<BlobMetadata> recordingOf(StageInput input) {
    String key = input.object().key();
    if (!key.endsWith(".json")) {
      return Optional.empty();
    }
    String prefix = stem(key) + ".";
    return input.list(prefix).stream()
        .filter(m -> !m.key().equals(key))
        .filter(m -> !m.key().endsWith(".json"))
        .findFirst();
  }
}
