package io.conserver.functions.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * A build context a packaging module assembled, seen as the image's file system after a stage's
 * COPY instructions: which context path lands at an image path, and whether a class is in a file or
 * jar there.
 */
record ImageContext(Path root, List<Dockerfile.Copy> copies) {

  /** The context file or directory that lands at {@code imagePath}, if a COPY puts one there. */
  Optional<Path> at(String imagePath) {
    for (Dockerfile.Copy copy : copies) {
      for (String source : copy.sources()) {
        Path src = root.resolve(source);
        String dest = copy.destination();
        if (Files.isDirectory(src)) {
          // A directory's contents are copied into the destination.
          String base = dest.endsWith("/") ? dest : dest + "/";
          if (imagePath.equals(base) || imagePath.equals(dest)) {
            return Optional.of(src);
          }
          if (imagePath.startsWith(base)) {
            Path inside = src.resolve(imagePath.substring(base.length()));
            if (Files.exists(inside)) {
              return Optional.of(inside);
            }
          }
        } else {
          String target = dest.endsWith("/") ? dest + src.getFileName() : dest;
          if (imagePath.equals(target)) {
            return Optional.of(src);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the class file is in {@code where} (a directory, searched with its jars, or a jar). */
  static boolean holdsClass(Path where, String className) {
    String entry = className.replace('.', '/') + ".class";
    if (Files.isRegularFile(where)) {
      return jarHolds(where, entry);
    }
    if (Files.isRegularFile(where.resolve(entry))) {
      return true;
    }
    try (Stream<Path> files = Files.walk(where)) {
      return files.filter(p -> p.toString().endsWith(".jar")).anyMatch(j -> jarHolds(j, entry));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean jarHolds(Path jar, String entry) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getEntry(entry) != null;
    } catch (IOException e) {
      throw new UncheckedIOException(jar + " is not a readable jar", e);
    }
  }
}
