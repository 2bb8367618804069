package io.conserver.platform.erase;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads every object of a tenant's bucket (and every key name) looking for an identifier's traces
 * with a {@link ResidueMatcher}. Objects stream through a window of {@value #WINDOW} characters
 * that overlaps the next by {@value #OVERLAP}, so memory stays constant whatever the size and a
 * trace on a window boundary is still seen. Bytes that are not UTF-8 (audio) are read as
 * replacement characters, which match nothing.
 */
public final class ResidueScanner {
  static final int WINDOW = 256 * 1024;
  static final int OVERLAP = 1024;

  private final BlobStore store;
  private final ResidueMatcher matcher;

  public ResidueScanner(BlobStore store, ResidueMatcher matcher) {
    this.store = store;
    this.matcher = matcher;
  }

  /** One object holding a trace: its key and the forms found ({@code key:...} for the name). */
  public record Finding(String key, Set<String> forms) {
    public Finding {
      forms = Set.copyOf(forms);
    }
  }

  public record Report(long objects, long bytes, List<Finding> findings) {
    public Report {
      findings = List.copyOf(findings);
    }
  }

  /** Scans every object under the prefix ("" for the whole bucket). */
  public Report scan(String prefix) {
    long objects = 0;
    long bytes = 0;
    List<Finding> findings = new ArrayList<>();
    for (BlobMetadata object : store.list(prefix)) {
      Set<String> forms = new TreeSet<>();
      matcher.find(object.key()).forEach(form -> forms.add("key:" + form));
      try {
        forms.addAll(scanContent(object.key()));
      } catch (BlobNotFoundException e) {
        continue; // deleted while we listed: nothing left to find
      }
      objects++;
      bytes += object.size();
      if (!forms.isEmpty()) {
        findings.add(new Finding(object.key(), forms));
      }
    }
    return new Report(objects, bytes, findings);
  }

  /** The forms found in one object's content. */
  public Set<String> scanContent(String key) {
    Set<String> forms = new TreeSet<>();
    try (InputStream in = store.get(key);
        Reader reader =
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
      char[] window = new char[WINDOW + OVERLAP];
      int kept = 0;
      while (true) {
        int read = reader.read(window, kept, WINDOW);
        if (read < 0) {
          break;
        }
        int length = kept + read;
        forms.addAll(matcher.find(java.nio.CharBuffer.wrap(window, 0, length)));
        kept = Math.min(OVERLAP, length);
        System.arraycopy(window, length - kept, window, 0, kept);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return forms;
  }
}
