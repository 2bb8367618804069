package io.conserver.functions.transcribe.sphinx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Access to the engine's package-private parts for tests in other packages. */
public final class SphinxTesting {
  private SphinxTesting() {}

  public static boolean installed() {
    return SphinxBinary.locate().isPresent();
  }

  public static PocketSphinxTranscriber engine(Duration timeout) {
    return new PocketSphinxTranscriber(
        SphinxBinary.locate(), timeout, PocketSphinxProvider.DECODER_FLAGS);
  }

  public static PocketSphinxTranscriber without() {
    return new PocketSphinxTranscriber(Optional.<Path>empty(), Duration.ofSeconds(60), List.of());
  }
}
