package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.local.config.LocalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apikey create, list and revoke on a temporary data directory. */
class ApiKeyCommandTest {
  @TempDir Path dir;

  private String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void create_printsTheKeyOnce_andStoresOnlyItsHash() throws Exception {
    CliRun run = CliRun.of("apikey", "create", "--tenant", "acme", "--id", "ci", "--data", data());

    assertThat(run.exitCode()).isZero();
    String key = run.out().strip();
    assertThat(key).matches("cs_[A-Za-z0-9_-]{43}");
    assertThat(run.err()).contains("'ci'").contains("acme").doesNotContain(key);
    Path config = dir.resolve("data/config.json");
    String stored = Files.readString(config);
    assertThat(stored)
        .doesNotContain(key)
        .contains(HexFormat.of().formatHex(LocalConfig.sha256(key)))
        .contains("\"id\" : \"ci\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
  }

  @Test
  void create_withoutId_numbersTheKeys_andTwoKeysDiffer() {
    String first = CliRun.of("apikey", "create", "--data", data()).out().strip();
    String second = CliRun.of("apikey", "create", "--data", data()).out().strip();

    assertThat(first).isNotEqualTo(second);
    CliRun list = CliRun.of("apikey", "list", "--data", data());
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).containsPattern("(?m)^k1 ").containsPattern("(?m)^k2 ");
    assertThat(list.out()).doesNotContain(first).doesNotContain(second);
    assertThat(list.err()).contains("2 key(s) for tenant 'default'");
  }

  @Test
  void list_isPerTenant() {
    CliRun.of("apikey", "create", "--tenant", "acme", "--id", "a", "--data", data());
    CliRun.of("apikey", "create", "--tenant", "globex", "--id", "g", "--data", data());

    CliRun acme = CliRun.of("apikey", "list", "--tenant", "acme", "--data", data());
    assertThat(acme.out()).contains("a ").doesNotContain("g ");
    assertThat(LocalConfig.apiKeys(dir.resolve("data")).keySet()).containsExactly("acme", "globex");
  }

  @Test
  void revoke_removesTheKey_andAnUnknownIdIsAnError() {
    CliRun.of("apikey", "create", "--tenant", "acme", "--id", "old", "--data", data());
    CliRun.of("apikey", "create", "--tenant", "acme", "--id", "new", "--data", data());

    CliRun revoke = CliRun.of("apikey", "revoke", "old", "--tenant", "acme", "--data", data());
    assertThat(revoke.exitCode()).isZero();
    assertThat(revoke.out()).contains("old: revoked");
    assertThat(LocalConfig.apiKeys(dir.resolve("data"), "acme"))
        .extracting(LocalConfig.ApiKey::id)
        .containsExactly("new");

    CliRun again = CliRun.of("apikey", "revoke", "old", "--tenant", "acme", "--data", data());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("error: tenant 'acme' has no key 'old'");
  }

  @Test
  void mistakes_areOneLineErrors() throws Exception {
    CliRun.of("apikey", "create", "--id", "dup", "--data", data());
    CliRun duplicate = CliRun.of("apikey", "create", "--id", "dup", "--data", data());
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err()).contains("already has a key 'dup'");

    CliRun badId = CliRun.of("apikey", "create", "--id", "../x", "--data", data());
    assertThat(badId.exitCode()).isEqualTo(1);
    assertThat(badId.err()).startsWith("error: key id must be");

    Files.writeString(dir.resolve("data/config.json"), "{not json");
    CliRun broken = CliRun.of("apikey", "list", "--data", data());
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.err()).contains("config.json: not valid JSON");

    assertThat(CliRun.of("apikey", "--data", data()).exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void unknownMembersOfTheConfiguration_areKept() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        dir.resolve("data/config.json"),
        "{\"tenants\":{\"acme\":{\"sinks\":{\"warehouse\":\"env:PG_URL\"}}},\"other\":1}");

    CliRun.of("apikey", "create", "--tenant", "acme", "--data", data());

    String stored = Files.readString(dir.resolve("data/config.json"));
    assertThat(stored).contains("env:PG_URL").contains("\"other\" : 1").contains("api_keys");
  }
}
