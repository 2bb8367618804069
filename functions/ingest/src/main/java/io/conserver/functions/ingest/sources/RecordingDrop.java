package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * An audio or video file dropped in the inbox, with its optional sidecar, becomes a vCon with one
 * recording dialog. The media is copied (streaming) into the tenant's content-addressed media and
 * referenced by https url + content_hash; it is never read whole into memory.
 */
public final class RecordingDrop {
  static final int MAX_SIDECAR_BYTES = 1024 * 1024;

  private RecordingDrop() {}

  /**
   * @param sidecarWait how long after the upload a missing sidecar is waited for
   * @param id the conversation id to give the vCon
   */
  public static Vcon convert(StageInput input, MediaKind kind, Duration sidecarWait, UUID id)
      throws InvalidInputException, SidecarPending {
    String key = input.object().key();
    Sidecar sidecar = sidecar(input, InboxNames.sidecarKey(key), sidecarWait);
    MediaRef media = input.media().importObject(key, kind.mediatype());
    OffsetDateTime uploaded =
        OffsetDateTime.ofInstant(input.object().lastModified(), ZoneOffset.UTC);

    Vcon.Builder vcon =
        Vcon.builder(sidecar.uuid().orElse(id), uploaded)
            .subject(sidecar.subject().orElse("Recording " + InboxNames.fileName(key)));
    sidecar.parties().forEach(party -> vcon.addParty(Party.of(party)));
    Dialog.Builder dialog =
        Dialog.builder("recording")
            .start(sidecar.start().orElse(uploaded))
            .mediatype(kind.mediatype())
            .filename(InboxNames.fileName(key))
            .external(media.url(), media.contentHash());
    if (sidecar.channels().isPresent()) {
      dialog.set("parties", sidecar.channels().get());
    } else if (!sidecar.parties().isEmpty()) {
      ArrayNode everyone = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < sidecar.parties().size(); i++) {
        everyone.add(i);
      }
      dialog.set("parties", everyone);
    }
    if (kind.extension().equals("wav")) {
      WavHeader.parse(input.head(4096))
          .ifPresent(wav -> dialog.duration(Math.round(wav.seconds() * 1000) / 1000.0));
    }
    vcon.addDialog(dialog.build());
    if (sidecar.tags().isPresent()) {
      Attachment.Builder tags =
          Attachment.builder("tags").start(uploaded).dialog(0).inlineJson(sidecar.tags().get());
      if (!sidecar.parties().isEmpty()) {
        tags.party(0);
      }
      vcon.addAttachment(tags.build());
    }
    return vcon.build();
  }

  private static Sidecar sidecar(StageInput input, String sidecarKey, Duration wait)
      throws InvalidInputException, SidecarPending {
    if (input.head(sidecarKey).isEmpty()) {
      Duration age = Duration.between(input.object().lastModified(), input.clock().instant());
      if (age.compareTo(wait) < 0) {
        throw new SidecarPending(sidecarKey);
      }
      return Sidecar.NONE;
    }
    try (InputStream in = input.open(sidecarKey)) {
      byte[] bytes = in.readNBytes(MAX_SIDECAR_BYTES + 1);
      if (bytes.length > MAX_SIDECAR_BYTES) {
        throw new InvalidInputException("sidecar is larger than " + MAX_SIDECAR_BYTES + " bytes");
      }
      JsonNode json = VconJson.codec().read(bytes);
      return Sidecar.parse(json);
    } catch (VconException e) {
      throw new InvalidInputException(
          "sidecar " + InboxNames.fileName(sidecarKey) + " is not JSON: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
