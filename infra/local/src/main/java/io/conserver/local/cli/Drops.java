package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Puts files into a pipeline's inbox after recognising them by content. The inbox key is
 * content-addressed ({@code inbox/<pipeline>/<hash>-<name>}), so dropping the same file twice
 * stores it once, and a file name is never used as a path.
 */
final class Drops {
  private Drops() {}

  /** What a file was recognised as, or why it was refused. */
  record Recognised(String kind, String contentType) {}

  static Recognised recognise(Path file) {
    byte[] head = new byte[16];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    int first = 0;
    while (first < n && Character.isWhitespace(head[first])) {
      first++;
    }
    if (n == 0) {
      throw new UserError(file + ": empty file, nothing to ingest");
    }
    if (first < n && head[first] == '{') {
      JsonNode json;
      try {
        json = VconJson.codec().read(file);
      } catch (VconException e) {
        throw new UserError(file + ": looks like JSON but is not readable: " + e.getMessage());
      }
      VconForm form = VconForm.of(json);
      if (form == VconForm.UNSIGNED
          && !json.has("uuid")
          && !json.has("parties")
          && !json.has("dialog")) {
        throw new UserError(file + ": JSON, but not a vCon (no uuid, parties or dialog)");
      }
      return new Recognised(form.name().toLowerCase() + " vCon", "application/vcon+json");
    }
    throw new UserError(
        file
            + ": not recognised (this build ingests vCon JSON: plain, signed or encrypted; "
            + "audio, chat and contact-center formats come with the source adapters)");
  }

  /** Stores the file in the inbox; empty when the same content was already dropped. */
  static Optional<BlobMetadata> drop(
      BlobStore store, String pipeline, Path file, Recognised recognised) {
    ContentHash hash = ContentHash.sha512(file);
    String key =
        BucketLayout.inboxPrefix(pipeline) + hash.digest().substring(0, 16) + "-" + safeName(file);
    try (InputStream in = Files.newInputStream(file)) {
      return store.putIfAbsent(key, in, Files.size(file), PutOptions.of(recognised.contentType()));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  // Only the last path element, reduced to characters every store accepts.
  static String safeName(Path file) {
    String name = file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
    name = name.replaceAll("^[.]+", "_");
    return name.isEmpty() ? "drop" : name.substring(0, Math.min(name.length(), 100));
  }
}
