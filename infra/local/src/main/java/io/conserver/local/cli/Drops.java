package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.sources.ChatTranscript;
import io.conserver.functions.ingest.sources.MediaKind;
import io.conserver.functions.ingest.sources.SourceFormat;
import io.conserver.functions.ingest.sources.SourceFormats;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts files into a pipeline's inbox after recognising them by content (the same recognisers the
 * ingest stage uses). A recording takes its sidecar ({@code NAME.json} beside {@code NAME.wav})
 * along, and the sidecar is dropped first so the stage finds it. Inbox keys are content-addressed
 * ({@code inbox/<pipeline>/<hash>-<name>}), so dropping the same file twice stores it once, and a
 * file name is never used as a path.
 */
final class Drops {
  private Drops() {}

  /** One file to drop, what it was recognised as, and the sidecar that goes with a recording. */
  record Drop(
      Path file, String kind, String contentType, String extension, Optional<Path> sidecar) {}

  /** Recognises every file first; if any cannot be, nothing is dropped (a {@link UserError}). */
  static List<Drop> plan(List<Path> files) {
    Set<Path> sidecars = new LinkedHashSet<>();
    List<Drop> recordings = new ArrayList<>();
    List<Path> others = new ArrayList<>();
    for (Path file : files) {
      Optional<MediaKind> media = MediaKind.detect(head(file, MediaKind.HEAD_BYTES));
      if (media.isPresent()) {
        Optional<Path> sidecar = sidecarOf(file);
        sidecar.ifPresent(sidecars::add);
        MediaKind kind = media.get();
        recordings.add(
            new Drop(
                file,
                "recording (" + kind.mediatype() + ")",
                kind.mediatype(),
                kind.extension(),
                sidecar));
      } else {
        others.add(file);
      }
    }
    List<Drop> plan = new ArrayList<>(recordings);
    for (Path file : others) {
      if (!sidecars.contains(file.toAbsolutePath().normalize())) {
        plan.add(document(file));
      }
    }
    return plan;
  }

  private static Drop document(Path file) {
    Optional<String> text = SourceFormats.textKind(head(file, SourceFormats.TEXT_HEAD_BYTES));
    if (text.isPresent()) {
      return textDrop(file, text.get());
    }
    byte[] head = head(file, 64);
    if (head.length == 0) {
      throw new UserError(file + ": empty file, nothing to ingest");
    }
    if (SourceFormats.firstSignificantByte(head) != '{') {
      throw new UserError(
          file
              + ": not recognised (this build ingests vCon JSON, chat transcripts, and audio or video "
              + "files with an optional NAME.json sidecar, Connect CTRs, Twilio recording callbacks, "
              + "e-mail (.eml, mbox), SIPREC metadata)");
    }
    JsonNode json;
    try {
      json = VconJson.codec().read(file);
    } catch (VconException e) {
      throw new UserError(file + ": looks like JSON but is not readable: " + e.getMessage());
    }
    if (ChatTranscript.recognises(json)) {
      return new Drop(file, "chat transcript", "application/json", "json", Optional.empty());
    }
    Optional<SourceFormat> format = SourceFormats.recognise(json);
    if (format.isPresent()) {
      return new Drop(file, format.get().name(), "application/json", "json", Optional.empty());
    }
    VconForm form = VconForm.of(json);
    if (form == VconForm.UNSIGNED
        && !json.has("uuid")
        && !json.has("parties")
        && !json.has("dialog")) {
      throw new UserError(
          file
              + ": JSON, but not a vCon, a chat transcript or the sidecar of a recording beside it");
    }
    return new Drop(
        file,
        form.name().toLowerCase() + " vCon",
        "application/vcon+json",
        "json",
        Optional.empty());
  }

  private static Drop textDrop(Path file, String kind) {
    return switch (kind) {
      case "e-mail" -> new Drop(file, kind, "message/rfc822", "eml", Optional.empty());
      case "SIPREC metadata" ->
          new Drop(file, kind, "application/rs-metadata+xml", "xml", Optional.empty());
      default ->
          new Drop(file, kind, "application/x-www-form-urlencoded", "form", Optional.empty());
    };
  }

  private static Optional<Path> sidecarOf(Path media) {
    String name = media.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path sidecar =
        media
            .resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json")
            .toAbsolutePath()
            .normalize();
    return Files.isRegularFile(sidecar) ? Optional.of(sidecar) : Optional.empty();
  }

  /**
   * Stores a drop (and its sidecar, first) in the inbox; empty when the same content was already
   * dropped.
   */
  static Optional<BlobMetadata> drop(BlobStore store, String pipeline, Drop drop) {
    ContentHash hash = ContentHash.sha512(drop.file());
    String stem =
        BucketLayout.inboxPrefix(pipeline)
            + hash.digest().substring(0, 16)
            + "-"
            + safeStem(drop.file());
    if (drop.sidecar().isPresent()) {
      put(store, stem + ".json", drop.sidecar().get(), "application/json");
    }
    return put(store, stem + "." + drop.extension(), drop.file(), drop.contentType());
  }

  private static Optional<BlobMetadata> put(
      BlobStore store, String key, Path file, String contentType) {
    try (InputStream in = Files.newInputStream(file)) {
      return store.putIfAbsent(key, in, Files.size(file), PutOptions.of(contentType));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  // The file name without its extension, reduced to characters every store accepts.
  static String safeStem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem =
        (dot > 0 ? name.substring(0, dot) : name)
            .replaceAll("[^A-Za-z0-9._-]", "_")
            .replaceAll("^[.]+", "_");
    return stem.isEmpty() ? "drop" : stem.substring(0, Math.min(stem.length(), 100));
  }

  private static byte[] head(Path file, int n) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }
}
