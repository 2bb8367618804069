package io.conserver.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.media.MediaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/** Audio tracks of committed MP4 and WebM files, extracted by the real ffmpeg (see SOURCE.md). */
class VideoAudioTest {
  @BeforeEach
  void needsFfmpeg() {
    boolean installed =
        java.util.stream.Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(
                dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "ffmpeg")));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("ffmpeg is missing in CI: .ci/run installs it");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(installed && OS.LINUX.isCurrentOs());
  }

  private static byte[] video(String name) {
    try (InputStream in = VideoAudioTest.class.getResourceAsStream("/video/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theAudioTrackOfAnMp4AndAWebmStreamsOutAs16kMono() throws Exception {
    for (String name : new String[] {"call.mp4", "call.webm"}) {
      try (InputStream pcm = AudioPipeline.mono16k(new ByteArrayInputStream(video(name)))) {
        short[] samples = Wav.samples(pcm);
        // u07 lasts about 3.3 s: the whole track, not the first buffer only.
        assertThat(samples.length / 16_000.0).as(name).isBetween(2.5, 4.5);
        assertThat(Wav.rms(samples)).as(name).isGreaterThan(300);
      }
      assertThat(AudioPipeline.channels(new ByteArrayInputStream(video(name)))).isEqualTo(1);
    }
  }

  @Test
  void aVideoWithoutAudioOrACorruptOneIsAClearMediaException() {
    assertThatThrownBy(
            () -> AudioPipeline.mono16k(new ByteArrayInputStream(video("silent-video.mp4"))))
        .isInstanceOf(MediaException.class)
        .hasMessage("the video has no audio track");
    byte[] corrupt = video("call.mp4");
    Arrays.fill(corrupt, 32, corrupt.length, (byte) 0);
    assertThatThrownBy(
            () -> {
              try (InputStream pcm = AudioPipeline.mono16k(new ByteArrayInputStream(corrupt))) {
                pcm.readAllBytes();
              }
            })
        .isInstanceOf(MediaException.class)
        .satisfies(e -> assertThat(((MediaException) e).retryable()).isFalse());
  }
}
