package io.conserver.functions.transcribe;

import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.media.DialogAudio;
import io.conserver.media.Media;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import javax.sound.sampled.AudioInputStream;

/**
 * One track's audio as an engine sees it: decoded PCM from the shared pipeline, the original bytes,
 * and where the tenant's cloud can read the original (content-addressed media in its bucket). Each
 * call opens the media anew.
 */
final class TrackAudio implements TranscriptionRequest.Audio {
  private final Dialog dialog;
  private final Media media;
  private final DialogAudio.Track track;
  private final Optional<URI> location;

  TrackAudio(Dialog dialog, Media media, DialogAudio.Track track, Optional<URI> location) {
    this.dialog = dialog;
    this.media = media;
    this.track = track;
    this.location = location;
  }

  @Override
  public AudioInputStream pcm16kMono() {
    return track.open();
  }

  @Override
  public InputStream original() {
    return media.open();
  }

  @Override
  public String mediatype() {
    return media.mediatype().orElse("application/octet-stream");
  }

  @Override
  public long size() {
    return -1;
  }

  @Override
  public String contentHash() {
    if (!dialog.contentHashes().isEmpty()) {
      return dialog.contentHashes().get(0);
    }
    try (InputStream in = media.open()) { // inline media without a declared hash
      return ContentHash.sha512(in).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public Optional<URI> location() {
    return location;
  }
}
