package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.local.runtime.TenantLifecycle;
import io.conserver.platform.lifecycle.LifecycleService;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "lifecycle",
    mixinStandardHelpOptions = true,
    description = {
      "Retention: expire what every pipeline's retention_days says is due (stage copies, sink",
      "records, inbox drops, quarantine, exports, media no live conversation uses), except what a",
      "legal hold keeps, and write a signed expiry receipt (receipts/expiry/). `run` also runs",
      "at the start of `conserver run --once`."
    },
    subcommands = {LifecycleCommand.Run.class})
final class LifecycleCommand extends CliCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Expire what is due now (or at --now), finishing first any run a crash interrupted.",
        "The same --now twice is the same run: the second changes nothing.",
        "Exit 1 when a run stopped before the end (a sink down); rerunning finishes it."
      })
  static final class Run extends CliCommand {
    @Option(
        names = "--now",
        paramLabel = "TIME",
        description =
            "Decide as of this time (2027-01-31T00:00:00Z, or a date 2027-01-31 for its start,"
                + " UTC) instead of the clock. A time in the future expires data early.")
    String now;

    @Option(names = "--dry-run", description = "List what is due; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the run's summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Instant at = parseNow(now);
      if (at.isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
        err().println("lifecycle: --now is in the future: data will expire earlier than declared");
      }
      Workspace workspace = new Workspace(global());
      LifecycleService service =
          TenantLifecycle.service(
              workspace.tenant(), workspace.pipelines(), Clock.fixed(at, ZoneOffset.UTC));
      long start = System.nanoTime();
      ObjectNode summary;
      if (dryRun) {
        summary = service.dryRun();
      } else {
        try {
          summary = LifecycleService.summary(service.run(m -> err().println("lifecycle: " + m)));
        } catch (Exception e) {
          throw new UserError(
              "the expiry run stopped before the end ("
                  + e.getClass().getSimpleName()
                  + ": "
                  + e.getMessage()
                  + "); what is done stays done: run `lifecycle run` again to finish it");
        }
      }
      err()
          .printf(
              "lifecycle: %s in %.2fs%n",
              dryRun ? "dry run, nothing changed," : "finished", (System.nanoTime() - start) / 1e9);
      if (json) {
        printJson(summary);
      } else {
        print(out(), summary, workspace);
      }
      return ExitCodes.OK;
    }

    static Instant parseNow(String value) {
      if (value == null) {
        return Instant.now();
      }
      try {
        return value.length() == 10
            ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new UserError(
            "--now must be a UTC time like 2027-01-31T00:00:00Z or a date like 2027-01-31: "
                + value);
      }
    }

    private static void print(PrintWriter out, JsonNode summary, Workspace workspace) {
      out.printf(
          "run        %s (%s)%n", summary.path("run").asText(), summary.path("status").asText());
      out.printf("as of      %s%n", summary.path("as_of").asText());
      out.printf(
          "%-10s %s%n",
          summary.path("status").asText().equals("dry-run") ? "due" : "expired",
          counts(
              summary.path("counts"),
              summary.path("status").asText().equals("dry-run") ? "planned" : "expired"));
      String kept = counts(summary.path("counts"), "kept");
      if (!kept.equals("nothing")) {
        out.printf("kept       %s (media still used by live conversations)%n", kept);
      }
      out.printf("held       %s%n", counts(summary.path("counts"), "held"));
      for (JsonNode held : summary.path("held")) {
        out.printf(
            "  %s %s (hold %s)%n",
            held.path("kind").asText(),
            held.path("key").asText(),
            held.path("held_by").path(0).asText());
      }
      for (JsonNode due : summary.path("due")) {
        out.printf("  due %s%n", due.asText());
      }
      if (summary.hasNonNull("receipt")) {
        out.printf(
            "receipt    %s%n",
            workspace.tenant().bucketFolder().resolve(summary.path("receipt").asText()));
      }
      out.flush();
    }

    /** "copy 3, inbox 2" for one status across kinds, or "nothing". */
    private static String counts(JsonNode counts, String status) {
      StringBuilder text = new StringBuilder();
      for (Map.Entry<String, JsonNode> kind : counts.properties()) {
        int n = kind.getValue().path(status).asInt();
        if (n > 0) {
          text.append(text.isEmpty() ? "" : ", ").append(kind.getKey()).append(' ').append(n);
        }
      }
      return text.isEmpty() ? "nothing" : text.toString();
    }
  }
}
