package io.conserver.vcon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads the committed conformance vectors from the test classpath. */
public final class TestResources {
  private TestResources() {}

  public static Path path(String resource) {
    try {
      var url = TestResources.class.getResource("/" + resource);
      if (url == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] bytes(String resource) {
    try (InputStream in = Files.newInputStream(path(resource))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of the WG example files, e.g. {@code ab_call_ext_rec.vcon}. */
  public static List<String> wgExamples() {
    try (Stream<Path> files = Files.list(path("wg/examples"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".vcon"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
