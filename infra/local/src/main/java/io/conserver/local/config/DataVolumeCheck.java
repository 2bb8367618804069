package io.conserver.local.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Warns when the data folder sits on an ext4 file system without a journal (Linux). Such an ext4
 * will not reuse an inode freed in the last 1–5 minutes, so after many deletions (a retention
 * sweep, an erase, a deleted folder) every file creation scans past those inodes holding its
 * folder's lock, and the API's writes stall for hundreds of milliseconds (docs/BENCHMARKS.md, "What
 * the ext4 stalls are"). Best effort: anything it cannot read means no warning.
 */
public final class DataVolumeCheck {
  private DataVolumeCheck() {}

  /** The warning for {@code folder} on this machine, if any. */
  public static Optional<String> warning(Path folder) {
    try {
      return warning(folder.toRealPath(), Path.of("/proc"), Path.of("/sys"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * @param folder the data folder, a real path (no symbolic links)
   * @param proc where {@code /proc} is ({@code self/mountinfo}, {@code fs/jbd2})
   * @param sys where {@code /sys} is ({@code dev/block/MAJOR:MINOR})
   */
  static Optional<String> warning(Path folder, Path proc, Path sys) throws IOException {
    Path mountinfo = proc.resolve("self/mountinfo");
    if (!Files.isReadable(mountinfo)) {
      return Optional.empty();
    }
    Optional<Mount> mount = mountOf(folder.toString(), Files.readAllLines(mountinfo));
    if (mount.isEmpty() || !mount.get().type().equals("ext4")) {
      return Optional.empty();
    }
    Path device = sys.resolve("dev/block").resolve(mount.get().device());
    if (!Files.exists(device)) {
      return Optional.empty();
    }
    String name = device.toRealPath().getFileName().toString();
    Path journals = proc.resolve("fs/jbd2");
    if (!Files.isDirectory(journals)) {
      return Optional.of(message(folder, name));
    }
    try (Stream<Path> entries = Files.list(journals)) {
      boolean journaled = entries.anyMatch(e -> e.getFileName().toString().startsWith(name + "-"));
      return journaled ? Optional.empty() : Optional.of(message(folder, name));
    }
  }

  private static String message(Path folder, String device) {
    return "the data folder "
        + folder
        + " is on an ext4 file system without a journal ("
        + device
        + "): for minutes after many files are deleted (retention, erase), creating files stalls"
        + " and so does the API; a journaled file system (the ext4 and XFS defaults) avoids it"
        + " (README, Durability)";
  }

  /** A mount: its point, its device number ({@code MAJOR:MINOR}) and its file-system type. */
  record Mount(String point, String device, String type) {}

  /** The mount holding {@code path}: the one with the longest mount point that contains it. */
  static Optional<Mount> mountOf(String path, List<String> mountinfo) {
    Mount best = null;
    for (String line : mountinfo) {
      Optional<Mount> mount = parse(line);
      if (mount.isPresent() && contains(mount.get().point(), path)) {
        if (best == null || mount.get().point().length() >= best.point().length()) {
          best = mount.get(); // later lines are mounted over earlier ones at the same point
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean contains(String point, String path) {
    return point.equals("/")
        || path.equals(point)
        || (path.startsWith(point) && path.charAt(point.length()) == '/');
  }

  /**
   * One line of {@code /proc/self/mountinfo}: {@code ID PARENT MAJOR:MINOR ROOT POINT OPTIONS
   * [OPTIONAL...] - TYPE SOURCE SUPER_OPTIONS}, the point with octal escapes ({@code \040}).
   */
  static Optional<Mount> parse(String line) {
    String[] fields = line.trim().split(" ");
    int separator = List.of(fields).indexOf("-");
    if (fields.length < 7 || separator < 6 || separator + 1 >= fields.length) {
      return Optional.empty();
    }
    return Optional.of(new Mount(unescape(fields[4]), fields[2], fields[separator + 1]));
  }

  private static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\'
          && i + 3 < field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
