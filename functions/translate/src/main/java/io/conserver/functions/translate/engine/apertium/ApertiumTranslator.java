package io.conserver.functions.translate.engine.apertium;

import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.platform.outside.TrustBoundary;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The offline engine: Debian's {@code apertium} (rule-based, shallow transfer) run as a subprocess,
 * text on stdin, translation on stdout, with a deadline. It needs the binary and a language-pair
 * package for each direction; a missing pair that Debian packages is a configuration error naming
 * the package to install, a pair nobody packages is an unsupported language. Its output is rough:
 * good enough to tell what a conversation is about, not to quote.
 */
public final class ApertiumTranslator implements Translator {
  static final String BINARY = "apertium";

  private final String binary;
  private final Duration timeout;
  private volatile ApertiumRoutes routes;

  public ApertiumTranslator(Duration timeout) {
    this(BINARY, timeout);
  }

  ApertiumTranslator(String binary, Duration timeout) {
    this.binary = binary;
    this.timeout = timeout;
  }

  @Override
  public String vendor() {
    return "apertium";
  }

  @Override
  public String product() {
    return "apertium";
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.OFFLINE;
  }

  @Override
  public Translation translate(String text, String from, String to) throws TranslationException {
    List<String> modes =
        routes()
            .route(from, to)
            .orElseThrow(
                () ->
                    ApertiumRoutes.packagesFor(from, to)
                        .map(
                            packages ->
                                new TranslationException(
                                    Kind.CONFIGURATION,
                                    "apertium has no installed pair from "
                                        + from
                                        + " to "
                                        + to
                                        + ": install the Debian packages "
                                        + packages
                                        + " (apt-get install -y "
                                        + packages
                                        + ")"))
                        .orElseGet(
                            () ->
                                new TranslationException(
                                    Kind.UNSUPPORTED_LANGUAGE,
                                    "apertium cannot translate from "
                                        + from
                                        + " to "
                                        + to
                                        + " (no Debian package provides that pair; a cloud engine"
                                        + " can)")));
    String result = text;
    for (String mode : modes) {
      result = run(List.of(binary, "-u", mode), result, mode);
    }
    // apertium ends its output with a newline the input may not have had.
    if (!text.endsWith("\n") && result.endsWith("\n")) {
      result = result.substring(0, result.length() - 1);
    }
    return new Translation(result, String.join("|", modes), modes.size());
  }

  private ApertiumRoutes routes() throws TranslationException {
    ApertiumRoutes known = routes;
    if (known == null) {
      String listing = run(List.of(binary, "-l"), "", "-l");
      known = new ApertiumRoutes(new ArrayList<>(Arrays.asList(listing.split("\n"))));
      routes = known;
    }
    return known;
  }

  private String run(List<String> command, String input, String what) throws TranslationException {
    Subprocess.Result result;
    try {
      result = Subprocess.run(command, input, timeout);
    } catch (IOException e) {
      throw new TranslationException(
          Kind.CONFIGURATION,
          "the apertium binary cannot be run ("
              + e.getMessage()
              + "): install the Debian package apertium and a language pair, e.g. apt-get install"
              + " -y apertium apertium-eng-spa",
          e);
    } catch (Subprocess.TimeoutException e) {
      throw new TranslationException(Kind.TRANSIENT, "apertium " + what + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranslationException(Kind.TRANSIENT, "interrupted while apertium ran", e);
    }
    if (result.exitCode() != 0) {
      throw new TranslationException(
          Kind.CONFIGURATION,
          "apertium " + what + " failed (exit " + result.exitCode() + "): " + firstLine(result));
    }
    return result.stdout();
  }

  // apertium's own diagnostics (a missing mode, a missing helper such as cg-proc), never the text.
  private static String firstLine(Subprocess.Result result) {
    String stderr = result.stderr().strip();
    int end = stderr.indexOf('\n');
    String line = end < 0 ? stderr : stderr.substring(0, end);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
