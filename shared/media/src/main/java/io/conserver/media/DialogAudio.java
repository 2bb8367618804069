package io.conserver.media;

import io.conserver.media.audio.AudioPipeline;
import io.conserver.vcon.Dialog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioInputStream;

/**
 * The 16 kHz mono tracks to transcribe for a recording dialog: one per channel when the dialog maps
 * exactly one party to each channel of a multi-channel recording (so words are attributed by
 * channel), otherwise a single downmix attributed to all the dialog's parties.
 */
public final class DialogAudio {
  private DialogAudio() {}

  /**
   * One track: the parties it carries, its channel (-1 for a downmix of all channels) and a way to
   * stream it (each call opens the media anew, so tracks never buffer one another).
   */
  public record Track(List<Integer> parties, int channel, Media media) {
    public AudioInputStream open() {
      InputStream in = media.open();
      return channel < 0 ? AudioPipeline.mono16k(in) : AudioPipeline.channel16k(in, channel);
    }
  }

  public static List<Track> tracks(Dialog dialog, Media media) {
    int channels;
    try (InputStream in = media.open()) {
      channels = AudioPipeline.channels(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<Integer>> mapping = dialog.channels();
    if (channels > 1 && mapping.size() == 1 && mapping.get(0).size() == channels) {
      // A flat parties array on a multi-channel recording: the draft reads position as channel.
      mapping = mapping.get(0).stream().map(List::of).toList();
    }
    boolean onePartyPerChannel =
        channels > 1
            && mapping.size() == channels
            && mapping.stream().allMatch(parties -> parties.size() == 1);
    List<Track> tracks = new ArrayList<>();
    if (onePartyPerChannel) {
      for (int c = 0; c < channels; c++) {
        tracks.add(new Track(mapping.get(c), c, media));
      }
    } else {
      tracks.add(new Track(dialog.partyIndexes(), -1, media));
    }
    return List.copyOf(tracks);
  }
}
