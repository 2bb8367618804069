package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.erase.ResidueMatcher;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.runner.Ledger;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's end-to-end test on the local runtime, through the CLI: the demo's sample conversations
 * plus generated ones of several parties are ingested and run through a pipeline that exports to a
 * files sink and a real PostgreSQL; one party is erased; then every file of the tenant's data
 * folder and every row of the database is read: no form of the party's number is left, the other
 * parties' conversations are all there, and the receipt verifies.
 */
class EraseEndToEndTest {
  static final String ALICE = "tel:+12345678901"; // the demo's recorded-call and phone-call party
  static final String GENERATED_PREFIX = "019f2000-0000-8000-8000-";

  /** Generated conversations; {@code -Derase.e2e.generated=N} for the measurement in the README. */
  static final int GENERATED = Integer.getInteger("erase.e2e.generated", 24);

  private static EmbeddedPostgres postgres;
  private static String jdbcUrl;

  @TempDir static Path home;
  @TempDir Path dir;

  @BeforeAll
  static void startPostgresAndDeclareThePipeline() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
    Path pipelines = Files.createDirectories(home.resolve("terraform/pipelines"));
    Files.writeString(
        pipelines.resolve("default.json"),
        """
        {"name": "default",
         "stages": [
           {"name": "ingest", "function": "ingest", "max_receive_count": 2},
           {"name": "export", "function": "export", "options": {"sinks": ["lake", "warehouse"]},
            "max_receive_count": 2}],
         "sinks": {"lake": {"type": "files", "formats": ["jsonl", "csv"]},
                   "warehouse": {"type": "postgres", "jdbc_url_ref": "config:erase-e2e.pg",
                                 "table_prefix": "cc_"}},
         "lawful_basis_default": "legitimate_interest"}
        """);
    System.setProperty("conserver.home", home.toString());
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    System.setProperty("conserver.home", Path.of("../..").toAbsolutePath().normalize().toString());
    postgres.close();
  }

  @BeforeEach
  void reachablePostgres() {
    System.setProperty("erase-e2e.pg", jdbcUrl);
  }

  @AfterEach
  void cleanDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      c.createStatement()
          .execute("DROP TABLE IF EXISTS cc_parties, cc_dialogs, cc_analysis, cc_vcons");
    }
    System.clearProperty("erase-e2e.pg");
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private static Path sample(String name) {
    return Path.of("../../events/conversations", name).toAbsolutePath().normalize();
  }

  /** Samples and generated conversations dropped and run through ingest and export. */
  private void ingestAndRun() throws IOException {
    Path drops = Files.createDirectories(dir.resolve("drops"));
    List<String> files = new ArrayList<>();
    for (String name :
        List.of(
            "phone-call.vcon.json",
            "recorded-call.mp3",
            "recorded-call.json",
            "web-chat.vcon.json",
            "contact-center.vcon.json",
            "support-chat.json")) {
      files.add(sample(name).toString());
    }
    // The same recording under another name, for other parties: its media is shared.
    Files.copy(sample("recorded-call.mp3"), drops.resolve("erin-call.mp3"));
    Files.writeString(
        drops.resolve("erin-call.json"),
        "{\"subject\":\"Erin calls about the same offer\",\"start\":\"2026-11-24T12:00:00Z\","
            + "\"parties\":[{\"tel\":\"+16175550123\",\"name\":\"Erin\"},"
            + "{\"tel\":\"+19876543210\",\"name\":\"Bob\"}]}");
    files.add(drops.resolve("erin-call.mp3").toString());
    files.add(drops.resolve("erin-call.json").toString());
    for (int i = 0; i < GENERATED; i++) {
      Path file = drops.resolve("generated-" + i + ".vcon.json");
      Files.writeString(file, generated(i));
      files.add(file.toString());
    }
    // A broken export naming Alice: quarantined, never indexed.
    Path broken = drops.resolve("broken.vcon.json");
    Files.writeString(
        broken,
        "{\"uuid\":\"019f2fff-0000-8000-8000-000000000001\",\"created_at\":\"2026-11-25T10:00:00Z\","
            + "\"parties\":[{\"tel\":\"+1 234 567 8901\"}],\"dialog\":[{\"type\":\"text\","
            + "\"start\":\"2026-11-25T10:00:00Z\",\"parties\":[0,3],\"body\":\"x\",\"encoding\":\"none\"}]}");
    files.add(broken.toString());
    List<String> args = new ArrayList<>(List.of("ingest", "--data", data()));
    args.addAll(files);
    CliRun ingest = CliRun.of(args.toArray(String[]::new));
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    CliRun run = CliRun.of("run", "--once", "--quiet", "--data", data());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("default\\s+export\\s+\\d+\\s+" + (GENERATED + 6) + "\\s+0");
    // A drop never processed that names Alice.
    Path late = drops.resolve("late-chat.json");
    Files.writeString(
        late,
        "{\"id\":\"late-1\",\"subject\":\"callback\",\"participants\":[{\"id\":\"c\",\"name\":\"A.\","
            + "\"phone\":\"(234) 567-8901\",\"role\":\"customer\"}],\"messages\":[{\"from\":\"c\","
            + "\"at\":\"2026-11-26T08:00:00Z\",\"text\":\"call me back\"}]}");
    assertThat(CliRun.of("ingest", "--data", data(), late.toString()).exitCode()).isZero();
  }

  /**
   * Every fourth conversation has Alice, who spells her number in the transcript; the others mix
   * Bob, Carol, Dave and Erin. Transcripts follow the project's transcript entry shape.
   */
  private static String generated(int i) {
    boolean alice = i % 4 == 0;
    String[][] others = {
      {"+19876543210", "Bob"}, {"+14155550101", "Dave"}, {"+16175550123", "Erin"}
    };
    String[] first = alice ? new String[] {"+12345678901", "Alice"} : others[i % 3];
    String[] second = others[(i + 1) % 3];
    String said =
        alice
            ? "my number is two three four five six seven eight nine oh one"
            : "thanks for calling about order " + (1000 + i);
    return "{\"uuid\":\""
        + GENERATED_PREFIX
        + String.format("%012d", i)
        + "\",\"created_at\":\"2026-11-25T10:00:00Z\",\"subject\":\"Call "
        + i
        + "\",\"parties\":[{\"tel\":\""
        + first[0]
        + "\",\"name\":\""
        + first[1]
        + "\"},{\"tel\":\""
        + second[0]
        + "\",\"name\":\""
        + second[1]
        + "\"}],\"dialog\":[{\"type\":\"text\",\"start\":\"2026-11-25T10:00:00Z\",\"parties\":[0,1],"
        + "\"originator\":0,\"mediatype\":\"text/plain\",\"body\":\"hello\",\"encoding\":\"none\"}],"
        + "\"analysis\":[{\"type\":\"transcript\",\"dialog\":0,\"vendor\":\"cmu\","
        + "\"schema\":\"conserver-transcript/1\",\"mediatype\":\"application/json\","
        + "\"encoding\":\"json\",\"body\":{\"language\":\"en-US\",\"text\":\""
        + said
        + "\"}}]}";
  }

  @Test
  void erasingAParty_leavesNoTraceInTheBucketOrTheDatabase_othersUntouched() throws Exception {
    ingestAndRun();
    ResidueMatcher alice = ResidueMatcher.forIdentifier(ALICE);
    assertThat(filesWithTrace(alice)).isNotEmpty(); // the scan can see her before the erase
    assertThat(rowsWithTrace(alice)).isNotEmpty();
    int rowsBefore = rowCount("cc_vcons");

    Set<String> alicesConversations = conversationsOf(ALICE);
    int alices = 2 + (GENERATED + 3) / 4;
    assertThat(alicesConversations).hasSize(alices);
    Set<String> othersBefore =
        conversationsOf("tel:+16175550123", "tel:+14155550101", "mailto:carol.jones@example.net");
    othersBefore.removeAll(alicesConversations); // erased whole, with everyone in them

    CliRun dryRun = CliRun.of("erase", "--data", data(), "--party", ALICE, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(filesWithTrace(alice)).isNotEmpty();

    long start = System.nanoTime();
    CliRun erase = CliRun.of("erase", "--data", data(), "--party", ALICE);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(erase.exitCode()).as(erase.out() + erase.err()).isZero();
    assertThat(erase.out())
        .contains("residue    none found")
        .contains("erased     " + alices + " conversation(s)");
    assertThat(erase.out() + erase.err()).doesNotContain("2345678901").doesNotContain("Alice");
    System.err.printf(
        "erase e2e: %d conversation(s) erased of %d in %.2f s%n%s",
        alices, rowsBefore, seconds, erase.out());

    // Zero occurrences anywhere in the tenant's folder (bucket, metadata, runtime bookkeeping).
    assertThat(filesWithTrace(alice)).isEmpty();
    assertThat(rowsWithTrace(alice)).isEmpty();
    assertThat(rowCount("cc_vcons")).isEqualTo(rowsBefore - alices);
    // Everyone else's conversations are all still there.
    assertThat(
            conversationsOf(
                "tel:+16175550123", "tel:+14155550101", "mailto:carol.jones@example.net"))
        .isEqualTo(othersBefore);
    Path bucket = dir.resolve("data/default/bucket");
    try (Stream<Path> media = Files.list(bucket.resolve("media"))) {
      assertThat(media.filter(p -> p.getFileName().toString().startsWith("sha512-")))
          .hasSize(1); // Erin's copy of the recording
    }
    // The ledger of an erased conversation stays, with its "erased" record, and still verifies.
    String requestId = requestIdOf(erase.err());
    LocalTenant tenant = new LocalTenant(dir.resolve("data"), "default");
    Ledger ledger = new Ledger(tenant.store());
    String erasedId = GENERATED_PREFIX + String.format("%012d", 0);
    assertThat(ledger.records(erasedId))
        .last()
        .satisfies(r -> assertThat(r.path("request").asText()).isEqualTo(requestId));
    assertThat(CliRun.of("audit", erasedId, "--data", data()).exitCode()).isZero();

    CliRun receipt = CliRun.of("erase", "receipt", requestId, "--verify", "--data", data());
    assertThat(receipt.exitCode()).as(receipt.err()).isZero();
    assertThat(receipt.err()).contains("signature valid");
    assertThat(receipt.out()).contains("\"clean\": true").contains("\"sink\": \"warehouse\"");
    CliRun status = CliRun.of("erase", "status", requestId, "--data", data());
    assertThat(status.out()).contains("\"status\": \"done\"").doesNotContain("sealed_identifier");
  }

  @Test
  void aSinkDownMidErase_theRestartFinishesTheRequestOnce() throws Exception {
    ingestAndRun();
    System.setProperty(
        "erase-e2e.pg", "jdbc:postgresql://127.0.0.1:1/unreachable?connectTimeout=2");

    CliRun first = CliRun.of("erase", "--data", data(), "--party", ALICE);
    assertThat(first.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(first.err()).contains("stopped before the end").doesNotContain("\tat ");
    String requestId = requestIdOf(first.err());
    // The files sink was reached before PostgreSQL failed: that step stays done.
    assertThat(CliRun.of("erase", "status", requestId, "--data", data()).out())
        .contains("\"outcome\": \"deleted\"");

    System.setProperty("erase-e2e.pg", jdbcUrl);
    CliRun restart = CliRun.of("run", "--once", "--data", data());
    assertThat(restart.exitCode()).as(restart.err()).isZero();
    assertThat(restart.err()).contains("resuming erase request " + requestId);

    ResidueMatcher alice = ResidueMatcher.forIdentifier(ALICE);
    assertThat(filesWithTrace(alice)).isEmpty();
    assertThat(rowsWithTrace(alice)).isEmpty();
    Ledger ledger = new Ledger(new LocalTenant(dir.resolve("data"), "default").store());
    assertThat(ledger.records(GENERATED_PREFIX + String.format("%012d", 0)))
        .filteredOn(r -> r.path("stage").asText().equals("erase"))
        .hasSize(1);
    assertThat(CliRun.of("erase", "receipt", requestId, "--verify", "--data", data()).exitCode())
        .isZero();
    // Running the same erase again starts a new request that finds nothing left.
    CliRun again = CliRun.of("erase", "--data", data(), "--party", ALICE);
    assertThat(again.out()).contains("erased     0 conversation(s)").contains("none found");
  }

  private static String requestIdOf(String err) {
    Matcher m = Pattern.compile("request (er-[0-9TZ-]+[0-9a-f]+)").matcher(err);
    assertThat(m.find()).as(err).isTrue();
    return m.group(1);
  }

  private Set<String> conversationsOf(String... identifiers) {
    LocalTenant tenant = new LocalTenant(dir.resolve("data"), "default");
    PartyIndex index = new PartyIndex(tenant.store(), tenant.partyIndexKey());
    Set<String> ids = new java.util.TreeSet<>();
    for (String identifier : identifiers) {
      ids.addAll(index.conversationsOf(identifier));
    }
    return ids;
  }

  /** Every file under the tenant's folder (keys excepted) whose name or content holds a trace. */
  private List<String> filesWithTrace(ResidueMatcher matcher) throws IOException {
    Path tenant = dir.resolve("data/default");
    try (Stream<Path> files = Files.walk(tenant)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(tenant.resolve("keys")))
          .filter(p -> matcher.matches(tenant.relativize(p).toString()) || matcher.matches(read(p)))
          .map(p -> tenant.relativize(p).toString())
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> rowsWithTrace(ResidueMatcher matcher) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      for (String table : List.of("cc_vcons", "cc_parties", "cc_dialogs", "cc_analysis")) {
        try (ResultSet r =
            c.createStatement().executeQuery("SELECT t::text FROM " + table + " t")) {
          while (r.next()) {
            if (matcher.matches(r.getString(1))) {
              rows.add(table);
            }
          }
        }
      }
    }
    return rows;
  }

  private int rowCount(String table) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getInt(1);
    }
  }
}
