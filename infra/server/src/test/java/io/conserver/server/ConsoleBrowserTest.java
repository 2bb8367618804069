package io.conserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The web console end to end in a real headless browser: the server runs on the demo conversations,
 * and src/test/e2e/console.e2e.mjs drives Debian's chromium with playwright-core (sign in, search,
 * open a chat and a recording and play it, quarantine, usage, erase a party and verify the receipt,
 * tablet width, another tenant's session). Needs {@code node}, {@code chromium} and {@code npm ci}
 * in src/test/e2e: skipped, saying so, without them; required when CI=true. With
 * CONSERVER_CONSOLE_SCREENSHOTS=true it also saves the README's screenshots to docs/console/.
 */
@QuarkusTest
@WithTestResource(ConsoleDemoResource.class)
class ConsoleBrowserTest {
  private static final Path E2E = Path.of("src/test/e2e");
  private static final Duration SETTLE = Duration.ofMinutes(4);
  private static final long SCRIPT_TIMEOUT_SECONDS = 180;

  @Inject Tenants tenants;

  @TestHTTPResource("/")
  URL base;

  @Test
  void theConsole_inARealBrowser() throws Exception {
    Optional<String> chromium = executable(System.getenv().getOrDefault("CHROMIUM", "chromium"));
    Optional<String> node = executable("node");
    boolean modules = Files.isDirectory(E2E.resolve("node_modules/playwright-core"));
    if (chromium.isEmpty() || node.isEmpty() || !modules) {
      String missing =
          "the console's browser test needs node, chromium and playwright-core"
              + " (apt-get install -y chromium nodejs npm; cd infra/server/src/test/e2e && npm ci):"
              + (node.isEmpty() ? " node missing;" : "")
              + (chromium.isEmpty() ? " chromium missing;" : "")
              + (modules ? "" : " node_modules missing;");
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(missing);
      }
      Assumptions.abort(missing);
    }
    TenantContext demo = tenants.tenant("example").orElseThrow();
    await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> demo.runtime.pending() == 0);

    ProcessBuilder script =
        new ProcessBuilder(node.get(), "console.e2e.mjs")
            .directory(E2E.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = script.environment();
    env.put("CONSOLE_URL", base.toString());
    env.put("TENANT", "example");
    env.put("KEY", System.getProperty(ConsoleDemoResource.KEY));
    env.put("OTHER_TENANT", "other");
    env.put("OTHER_KEY", System.getProperty(ConsoleDemoResource.OTHER_KEY));
    env.put("CHROMIUM", chromium.get());
    if ("true".equals(System.getenv("CONSERVER_CONSOLE_SCREENSHOTS"))) {
      Path shots = Path.of("../../docs/console").toAbsolutePath().normalize();
      Files.createDirectories(shots);
      env.put("SCREENSHOTS", shots.toString());
    }
    Process process = script.start();
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  System.out.println(line);
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    reader.start();
    boolean ended = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    reader.join(5000);
    synchronized (output) {
      assertThat(ended).as("the browser test finished in time:\n%s", output).isTrue();
      assertThat(process.exitValue()).as("the browser test:\n%s", output).isZero();
      assertThat(output).contains("all checks passed");
    }
  }

  /** The absolute path of a program: as given when it is a path, else found on PATH. */
  private static Optional<String> executable(String name) {
    if (name.contains(File.separator)) {
      return Files.isExecutable(Path.of(name)) ? Optional.of(name) : Optional.empty();
    }
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
