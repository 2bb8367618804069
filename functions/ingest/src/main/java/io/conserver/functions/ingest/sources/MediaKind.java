package io.conserver.functions.ingest.sources;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Audio and video containers recognised by their first bytes, never by file name. */
public record MediaKind(String mediatype, String extension, boolean video) {
  /** How many leading bytes {@link #detect} needs. */
  public static final int HEAD_BYTES = 16;

  public static Optional<MediaKind> detect(byte[] head) {
    if (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WAVE")) {
      return Optional.of(new MediaKind("audio/x-wav", "wav", false));
    }
    if (startsWith(head, 0, "ID3")
        || head.length > 1 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0) {
      return Optional.of(new MediaKind("audio/x-mp3", "mp3", false));
    }
    if (startsWith(head, 0, "OggS")) {
      return Optional.of(new MediaKind("audio/ogg", "ogg", false));
    }
    if (startsWith(head, 0, "fLaC")) {
      return Optional.of(new MediaKind("audio/flac", "flac", false));
    }
    if (startsWith(head, 4, "ftyp")) {
      boolean audioOnly = startsWith(head, 8, "M4A ");
      return Optional.of(
          audioOnly
              ? new MediaKind("audio/x-mp4", "m4a", false)
              : new MediaKind("video/x-mp4", "mp4", true));
    }
    if (head.length >= 4
        && (head[0] & 0xff) == 0x1a
        && (head[1] & 0xff) == 0x45
        && (head[2] & 0xff) == 0xdf
        && (head[3] & 0xff) == 0xa3) {
      return Optional.of(new MediaKind("video/webm", "webm", true));
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] head, int offset, String magic) {
    byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
    return head.length >= offset + expected.length
        && Arrays.equals(head, offset, offset + expected.length, expected, 0, expected.length);
  }
}
