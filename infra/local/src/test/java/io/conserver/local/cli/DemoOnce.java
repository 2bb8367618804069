package io.conserver.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@code conserver demo} run for every test class of this JVM (test helper). The demo
 * transcribes three recordings, which takes tens of seconds (minutes on a loaded machine), so it
 * runs once; each test gets a copy of its data directory and can change it without affecting the
 * others.
 */
final class DemoOnce {
  private static DemoOnce instance;

  private final Path pristine;
  private final CliRun run;

  private DemoOnce(Path pristine, CliRun run) {
    this.pristine = pristine;
    this.run = run;
  }

  /** The demo's run (exit code, summary and progress), run on the first call. */
  static synchronized DemoOnce get() {
    if (instance == null) {
      System.setProperty(
          "conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
      try {
        Path root = Files.createTempDirectory("conserver-demo-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        Path data = root.resolve("data");
        instance = new DemoOnce(data, CliRun.of("demo", "--data", data.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  CliRun run() {
    return run;
  }

  /** Copies the demo's data directory to {@code target} (which must not exist) and returns it. */
  Path copyTo(Path target) {
    return replicate(target, false);
  }

  /**
   * Links the demo's files into {@code target} (which must not exist): the same inodes, so the
   * local bucket derives the same object versions and a later {@code run} resumes where the demo
   * stopped instead of seeing every object as new. The stores replace files, never write into them,
   * so the demo's own copy is unaffected; a test must not edit these files in place.
   */
  Path linkTo(Path target) {
    return replicate(target, true);
  }

  private Path replicate(Path target, boolean link) {
    try (Stream<Path> files = Files.walk(pristine)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(pristine.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else if (link) {
          Files.createLink(to, from);
        } else {
          Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind at exit
    }
  }
}
