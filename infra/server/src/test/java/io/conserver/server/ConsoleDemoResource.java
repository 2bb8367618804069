package io.conserver.server;

import io.conserver.local.cli.ConserverCli;
import io.conserver.local.config.LocalConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A data directory with the demo's conversations dropped for tenant {@code example} by the CLI's
 * own {@code ingest} (a chat vCon, a chat export, the recorded call with its sidecar, and the
 * broken export that is quarantined), a key with the erase and admin scopes for it, and a key for a
 * second tenant, {@code other}. The server under test processes the drops when it starts.
 */
public class ConsoleDemoResource implements QuarkusTestResourceLifecycleManager {
  static final String DATA = "console-demo.data";
  static final String KEY = "console-demo.key";
  static final String OTHER_KEY = "console-demo.other-key";
  static final List<String> FILES =
      List.of(
          "web-chat.vcon.json",
          "sales-chat.json",
          "recorded-call.mp3",
          "malformed-party-reference.vcon.json");

  private Path data;

  @Override
  public Map<String, String> start() {
    Path home = Path.of("../..").toAbsolutePath().normalize();
    try {
      data = Files.createTempDirectory("conserver-console-e2e");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty(DATA, data.toString());
    System.setProperty(
        KEY,
        LocalConfig.createApiKey(data, "example", "operator", List.of("erase", "admin")).key());
    System.setProperty(OTHER_KEY, LocalConfig.createApiKey(data, "other", "ops").key());
    System.setProperty("conserver.home", home.toString());
    List<String> args =
        new ArrayList<>(List.of("--data", data.toString(), "--tenant", "example", "ingest"));
    FILES.forEach(f -> args.add(home.resolve("events/conversations").resolve(f).toString()));
    StringWriter log = new StringWriter();
    PrintWriter out = new PrintWriter(log, true);
    int exit = ConserverCli.run(out, out, args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("conserver ingest failed: " + log);
    }
    return Map.of(
        "conserver.data", data.toString(),
        "conserver.home", home.toString(),
        "conserver.runtime.config-check-interval", "0.5S");
  }

  @Override
  public void stop() {
    ServerTestResource.deleteTree(data);
  }
}
