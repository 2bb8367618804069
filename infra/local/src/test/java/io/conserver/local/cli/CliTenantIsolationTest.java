package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI never crosses tenants: every data command acts for {@code --tenant} only. One data folder
 * holds tenants {@code acme} (a web chat, a quarantined drop, an erase receipt, an API key, a legal
 * hold) and {@code globex} (a phone call); every command that names one of acme's things is run for
 * globex and must not find it, change it or accept it, while the same command for acme does (the
 * control). Tenant names are checked before any path is built from them.
 */
class CliTenantIsolationTest {
  static final String CHAT = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b"; // acme's web chat
  static final String CALL = "019f15a6-a752-826f-b9a2-279e0d16bc46"; // globex's phone call
  static final String CAROL = "mailto:carol.jones@example.net"; // a party of acme's chat

  @TempDir static Path home;
  @TempDir static Path dir;
  private static String previousHome;
  private static String acmeReceipt;
  private static String acmeKeyId = "acme-ops";
  private static String acmeHold;

  private static String data() {
    return dir.resolve("data").toString();
  }

  private static Path sample(String name) {
    return Path.of("../../events/conversations", name).toAbsolutePath().normalize();
  }

  @BeforeAll
  static void twoTenantsInOneDataFolder() throws IOException {
    Files.writeString(
        Files.createDirectories(home.resolve("terraform/pipelines")).resolve("default.json"),
        """
        {"name": "default",
         "stages": [{"name": "ingest", "function": "ingest", "max_receive_count": 1}],
         "lawful_basis_default": "legitimate_interest"}
        """);
    previousHome = System.getProperty("conserver.home");
    System.setProperty("conserver.home", home.toString());

    ok("ingest", "--tenant", "acme", "--data", data(), sample("web-chat.vcon.json").toString());
    ok(
        "ingest",
        "--tenant",
        "acme",
        "--data",
        data(),
        sample("malformed-party-reference.vcon.json").toString());
    ok("ingest", "--tenant", "globex", "--data", data(), sample("phone-call.vcon.json").toString());
    ok("run", "--once", "--quiet", "--tenant", "acme", "--data", data());
    ok("run", "--once", "--quiet", "--tenant", "globex", "--data", data());
    ok("apikey", "create", "--tenant", "acme", "--id", acmeKeyId, "--data", data());
    CliRun hold =
        ok(
            "hold",
            "set",
            "--conversation",
            CHAT,
            "--case",
            "LIT-1",
            "--reason",
            "test",
            "--tenant",
            "acme",
            "--data",
            data());
    acmeHold = "conversation/" + CHAT + "/LIT-1";
    assertThat(hold.out()).contains(acmeHold);
    // An erase in acme of someone acme does not have: a receipt signed with acme's key.
    CliRun erase =
        CliRun.of("erase", "--party", "tel:+15550009999", "--tenant", "acme", "--data", data());
    Matcher id = Pattern.compile("request (er-[0-9TZ-]+[0-9a-f]+)").matcher(erase.err());
    assertThat(id.find()).as(erase.err()).isTrue();
    acmeReceipt = id.group(1);
  }

  @AfterAll
  static void restoreHome() {
    if (previousHome == null) {
      System.clearProperty("conserver.home");
    } else {
      System.setProperty("conserver.home", previousHome);
    }
  }

  private static CliRun ok(String... args) {
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    return run;
  }

  private static CliRun as(String tenant, String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--tenant", tenant, "--data", data()))
            .toArray(String[]::new);
    return CliRun.of(all);
  }

  @Test
  void showAndAudit_findAConversationOnlyInItsOwnTenant() {
    assertThat(as("acme", "show", CHAT).exitCode()).isZero();
    assertThat(as("globex", "show", CALL).exitCode()).isZero();

    CliRun show = as("globex", "show", CHAT);
    assertThat(show.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(show.out()).doesNotContain("carol");
    assertThat(show.err()).contains("no vCon " + CHAT).doesNotContain("\tat ");
    assertThat(as("acme", "show", CALL).exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(as("acme", "audit", CHAT).exitCode()).isZero();
    CliRun audit = as("globex", "audit", CHAT);
    assertThat(audit.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(audit.err()).contains("no ledger records");
  }

  @Test
  void quarantine_listsShowsAndRetriesOnlyTheTenantsOwnItems() {
    CliRun acmeList = as("acme", "quarantine", "list");
    assertThat(acmeList.err()).contains("1 quarantined item(s)");
    String reference = acmeList.out().split("\\s+")[0];
    assertThat(as("globex", "quarantine", "list").err()).contains("0 quarantined item(s)");

    for (String command : List.of("show", "retry")) {
      CliRun other = as("globex", "quarantine", command, reference);
      assertThat(other.exitCode()).isEqualTo(ExitCodes.FAILED);
      assertThat(other.err()).contains("no quarantined item " + reference);
    }
    // A reference cannot climb out of the tenant's bucket either.
    CliRun climb = as("globex", "quarantine", "show", "../../acme/bucket/quarantine/" + reference);
    assertThat(climb.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(climb.err()).contains("not a quarantine reference");
    assertThat(as("acme", "quarantine", "show", reference).exitCode()).isZero();
  }

  @Test
  void erase_inOneTenant_neverTouchesAnotherTenantsConversationsOfTheSameParty()
      throws IOException {
    CliRun erase = as("globex", "erase", "--party", CAROL);
    assertThat(erase.exitCode()).as(erase.out() + erase.err()).isZero();
    assertThat(erase.out()).contains("erased     0 conversation(s)");
    assertThat(as("acme", "show", CHAT).exitCode()).isZero();
    try (Stream<Path> receipts = Files.list(dir.resolve("data/globex/bucket/receipts/erase"))) {
      assertThat(receipts).isNotEmpty();
    }
  }

  @Test
  void receipts_ofAnotherTenant_areNotFound_andFailTheOtherTenantsKey() {
    assertThat(as("acme", "erase", "receipt", acmeReceipt, "--verify").exitCode()).isZero();
    CliRun receipt = as("globex", "erase", "receipt", acmeReceipt, "--verify");
    assertThat(receipt.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(receipt.err()).contains("no receipt for " + acmeReceipt);

    // The receipt file itself, handed to globex: acme's signing key is not globex's.
    String file = dir.resolve("data/acme/bucket/receipts/erase/" + acmeReceipt + ".jws").toString();
    assertThat(as("acme", "erase", "verify-receipt", file).exitCode()).isZero();
    CliRun foreign = as("globex", "erase", "verify-receipt", file);
    assertThat(foreign.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(foreign.err()).contains("receipt:").doesNotContain("\tat ");
  }

  @Test
  void apiKeysAndHolds_ofAnotherTenant_cannotBeListedOrRevokedOrReleased() {
    assertThat(as("acme", "apikey", "list").out()).contains(acmeKeyId);
    assertThat(as("globex", "apikey", "list").out()).doesNotContain(acmeKeyId);
    CliRun revoke = as("globex", "apikey", "revoke", acmeKeyId);
    assertThat(revoke.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(revoke.err()).contains("tenant 'globex' has no key '" + acmeKeyId + "'");
    assertThat(as("acme", "apikey", "list").out()).contains(acmeKeyId);

    assertThat(as("globex", "hold", "list").out()).doesNotContain(CHAT);
    CliRun release = as("globex", "hold", "release", acmeHold);
    assertThat(release.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(as("acme", "hold", "list").out()).contains(acmeHold);
  }

  @Test
  void invoke_ofAnEventNamingAnotherTenantsBucket_processesNothing() throws IOException {
    // The key the event names exists in globex's bucket too: trusting the key alone would ingest
    // it.
    String key = "inbox/default/planted.vcon.json";
    new io.conserver.local.runtime.LocalTenant(dir.resolve("data"), "globex")
        .store()
        .putBytes(
            key,
            Files.readAllBytes(sample("web-chat.vcon.json")),
            io.conserver.platform.storage.PutOptions.JSON);
    Path event = dir.resolve("acme-event.json");
    Files.writeString(event, "{\"bucket\":\"conserver-acme\",\"key\":\"" + key + "\"}");
    CliRun invoke = as("globex", "invoke", "ingest", "--event", event.toString());
    assertThat(invoke.exitCode()).as(invoke.err()).isZero();
    assertThat(invoke.out()).contains("[ignored]");
    try (Stream<Path> copies = Files.list(dir.resolve("data/globex/bucket/vcons/default/ingest"))) {
      assertThat(copies.map(p -> p.getFileName().toString())).containsExactly(CALL + ".vcon.json");
    }
  }

  @Test
  void aTenantNameThatIsAPath_isRefusedBeforeAnythingIsRead() {
    for (String tenant : List.of("../acme", "acme/../globex", "ACME", "")) {
      CliRun run = as(tenant, "show", CHAT);
      assertThat(run.exitCode()).as(tenant).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("--tenant must be");
    }
  }
}
