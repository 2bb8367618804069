package io.conserver.server;

import io.conserver.local.config.LocalConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh data directory for the server under test, with API keys for tenants {@code acme} and
 * {@code globex} created the way {@code conserver apikey create} does (only hashes stored). The
 * keys reach the test through system properties (the test class and this resource may live in
 * different class loaders, so statics would not be shared).
 */
public class ServerTestResource implements QuarkusTestResourceLifecycleManager {
  static final String DATA = "server-test.data";
  static final String ACME_KEY = "server-test.acme-key";
  static final String GLOBEX_KEY = "server-test.globex-key";
  static final String ACME_ERASE_KEY = "server-test.acme-erase-key";
  static final String GLOBEX_ERASE_KEY = "server-test.globex-erase-key";

  /** Keys with every scope (read-original included). */
  static final String ACME_ALL_KEY = "server-test.acme-all-key";

  static final String GLOBEX_ALL_KEY = "server-test.globex-all-key";

  /** Keys that name only read-redacted. */
  static final String ACME_REDACTED_KEY = "server-test.acme-redacted-key";

  private Path data;

  @Override
  public Map<String, String> start() {
    try {
      data = Files.createTempDirectory("conserver-server-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty(DATA, data.toString());
    System.setProperty(ACME_KEY, LocalConfig.createApiKey(data, "acme", "k1").key());
    System.setProperty(GLOBEX_KEY, LocalConfig.createApiKey(data, "globex", "ci").key());
    List<String> scopes = List.of("erase", "admin");
    System.setProperty(ACME_ERASE_KEY, LocalConfig.createApiKey(data, "acme", "dpo", scopes).key());
    System.setProperty(
        GLOBEX_ERASE_KEY, LocalConfig.createApiKey(data, "globex", "dpo", scopes).key());
    List<String> all = List.of("read-redacted", "read-original", "erase", "admin");
    System.setProperty(ACME_ALL_KEY, LocalConfig.createApiKey(data, "acme", "all", all).key());
    System.setProperty(GLOBEX_ALL_KEY, LocalConfig.createApiKey(data, "globex", "all", all).key());
    System.setProperty(
        ACME_REDACTED_KEY,
        LocalConfig.createApiKey(data, "acme", "viewer", List.of("read-redacted")).key());
    TestIssuers.configure(data);
    return Map.of(
        "conserver.data", data.toString(),
        "conserver.home", Path.of("../..").toAbsolutePath().normalize().toString(),
        "conserver.tenants", "default",
        "conserver.api.max-body-size", "64K",
        "conserver.runtime.config-check-interval", "0.2S");
  }

  @Override
  public void stop() {
    deleteTree(data);
  }

  static void deleteTree(Path data) {
    if (data == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(ServerTestResource::deleteQuietly);
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // see stop()
    }
  }
}
