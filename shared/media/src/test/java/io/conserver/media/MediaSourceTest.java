package io.conserver.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.conserver.media.audio.Wav;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSourceTest {
  private static final byte[] WAV = Wav.sine(8000, 0.5, 440, 0);

  @TempDir Path temp;
  private HttpServer server;
  private MediaStore store;
  private MediaSource source;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/call.wav",
        x -> {
          x.sendResponseHeaders(200, WAV.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(WAV);
          }
        });
    server.start();
    int port = server.getAddress().getPort();
    base = "http://127.0.0.1:" + port;
    FileSystemBlobStore blobs =
        new FileSystemBlobStore("tenant", temp.resolve("objects"), temp.resolve("meta"));
    store = new MediaStore(blobs, MediaStore.defaultBaseUrl("acme"));
    blobs.put(
        "drops/call.wav", new ByteArrayInputStream(WAV), WAV.length, PutOptions.of("audio/wav"));
    FetchPolicy policy =
        FetchPolicy.defaults().allowForTests("127.0.0.1:" + port).allowPlainHttpForTests();
    GuardedFetcher fetcher =
        new GuardedFetcher(
            policy,
            InetAddress::getAllByName,
            temp,
            (SSLSocketFactory) SSLSocketFactory.getDefault());
    source = new MediaSource(store, fetcher);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void inlineBodies() throws Exception {
    Dialog dialog = Dialog.builder("recording").mediatype("audio/wav").inlineBytes(WAV).build();
    try (Media media = source.open(dialog);
        InputStream in = media.open()) {
      assertThat(in.readAllBytes()).isEqualTo(WAV);
      assertThat(media.origin()).isEqualTo("inline");
    }
  }

  @Test
  void bucketMediaIsReadFromTheStoreAndVerified() throws Exception {
    MediaRef ref = store.importObject("drops/call.wav", "audio/wav");
    Dialog dialog = Dialog.builder("recording").external(ref.url(), ref.contentHash()).build();
    try (Media media = source.open(dialog);
        InputStream in = media.open()) {
      assertThat(in.readAllBytes()).isEqualTo(WAV);
      assertThat(media.origin()).startsWith("bucket media/sha512-");
    }
    Dialog wrongHash =
        Dialog.builder("recording").external(ref.url(), ContentHash.sha512(new byte[] {1})).build();
    assertThatThrownBy(() -> source.open(wrongHash))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void bytesTheTenantAlreadyHoldsAreNotFetchedAgain() throws Exception {
    MediaRef ref = store.importObject("drops/call.wav", "audio/wav");
    // A name that never resolves: reaching the network would fail.
    Dialog dialog =
        Dialog.builder("recording")
            .external("https://recordings.example.invalid/call.wav", ref.contentHash())
            .build();
    try (Media media = source.open(dialog);
        InputStream in = media.open()) {
      assertThat(in.readAllBytes()).isEqualTo(WAV);
      assertThat(media.key()).contains(ref.key());
    }
  }

  @Test
  void otherUrlsGoThroughTheGuard() throws Exception {
    Dialog dialog =
        Dialog.builder("recording")
            .external(base + "/call.wav", ContentHash.sha512(WAV))
            .channels(List.of(List.of(0), List.of(1)))
            .build();
    try (Media media = source.open(dialog)) {
      List<DialogAudio.Track> tracks = DialogAudio.tracks(dialog, media);
      assertThat(tracks)
          .extracting(DialogAudio.Track::parties)
          .containsExactly(List.of(0), List.of(1));
      assertThat(Wav.rms(Wav.samples(tracks.get(0).open()))).isGreaterThan(1000);
      assertThat(Wav.rms(Wav.samples(tracks.get(1).open()))).isZero();
    }
    Dialog mismatch =
        Dialog.builder("recording")
            .external(base + "/call.wav", ContentHash.sha512(new byte[] {1}))
            .build();
    assertThatThrownBy(() -> source.open(mismatch))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("do not match content_hash");
    Dialog denied =
        Dialog.builder("recording")
            .external("https://169.254.169.254/latest/meta-data", ContentHash.sha512(WAV))
            .build();
    assertThatThrownBy(() -> source.open(denied))
        .isInstanceOf(MediaException.class)
        .hasMessageContaining("cloud metadata address");
  }

  @Test
  void monoOrMixedChannelsAreDownmixed() throws Exception {
    Dialog mono =
        Dialog.builder("recording").inlineBytes(Wav.sine(8000, 0.1, 440)).parties(0, 1).build();
    Dialog mixed =
        Dialog.builder("recording")
            .inlineBytes(WAV)
            .channels(List.of(List.of(0, 1), List.of(2)))
            .build();
    for (Dialog dialog : List.of(mono, mixed)) {
      try (Media media = source.open(dialog)) {
        List<DialogAudio.Track> tracks = DialogAudio.tracks(dialog, media);
        assertThat(tracks).singleElement().satisfies(t -> assertThat(t.channel()).isEqualTo(-1));
        assertThat(Wav.samples(tracks.get(0).open())).isNotEmpty();
      }
    }
  }

  @Test
  void aDialogWithoutMediaIsRefused() {
    assertThatThrownBy(() -> source.open(Dialog.builder("recording").build()))
        .isInstanceOf(MediaException.class)
        .hasMessage("the dialog has no media");
  }
}
