package io.conserver.local.cli;

import io.conserver.platform.metering.CostModel;
import io.conserver.platform.metering.MeterReader;
import io.conserver.platform.metering.MeterRecord;
import io.conserver.platform.metering.PriceTable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    description = {
      "The tenant's metered usage per day and pipeline: calls (conversations, the billing unit),",
      "stage runs, audio minutes, bytes and busy time; with --cost, what those runs would cost",
      "on AWS and Google Cloud at list prices (an estimate; see the README's cost model)."
    })
final class UsageCommand extends CliCommand {
  @Option(
      names = "--from",
      paramLabel = "DAY",
      description = "First UTC day (YYYY-MM-DD; default: 30 days before --to).")
  String from;

  @Option(names = "--to", paramLabel = "DAY", description = "Last UTC day (default: today).")
  String to;

  @Option(names = "--cost", description = "Add the cost estimate per cloud and per 1,000 calls.")
  boolean cost;

  /** Totals of one day and pipeline. */
  private static final class Row {
    long calls;
    long runs;
    double audioSeconds;
    long bytesIn;
    long bytesOut;
    long millis;

    void add(MeterRecord r) {
      calls += r.calls();
      runs++;
      audioSeconds += r.audioSeconds();
      bytesIn += r.bytesIn();
      bytesOut += r.bytesOut();
      millis += r.durationMillis();
    }
  }

  @Override
  public Integer call() {
    LocalDate last = day(to, "--to", LocalDate.now(ZoneOffset.UTC));
    LocalDate first = day(from, "--from", last.minusDays(30));
    if (last.isBefore(first)) {
      throw new UserError("--to (" + last + ") is before --from (" + first + ")");
    }
    Workspace workspace = new Workspace(global());
    List<MeterRecord> records = new MeterReader(workspace.tenant().store()).read(first, last);
    Map<String, Row> rows = new TreeMap<>();
    Row total = new Row();
    for (MeterRecord r : records) {
      rows.computeIfAbsent(
              r.at().atZone(ZoneOffset.UTC).toLocalDate() + " " + r.pipeline(), k -> new Row())
          .add(r);
      total.add(r);
    }
    out().printf("tenant %s, %s to %s (UTC)%n", global().tenant(), first, last);
    String format = "%-10s %-12s %7s %7s %10s %12s %12s %9s%n";
    out()
        .printf(
            format,
            "day",
            "pipeline",
            "calls",
            "runs",
            "audio min",
            "bytes in",
            "bytes out",
            "busy");
    rows.forEach(
        (key, row) -> {
          String[] dayAndPipeline = key.split(" ", 2);
          print(format, dayAndPipeline[0], dayAndPipeline[1], row);
        });
    print(format, "total", "", total);
    if (cost) {
      printCosts(records, workspace);
    }
    return ExitCodes.OK;
  }

  private void print(String format, String day, String pipeline, Row row) {
    out()
        .printf(
            format,
            day,
            pipeline,
            row.calls,
            row.runs,
            String.format("%.1f", row.audioSeconds / 60),
            row.bytesIn,
            row.bytesOut,
            String.format("%.2fs", row.millis / 1000.0));
  }

  private void printCosts(List<MeterRecord> records, Workspace workspace) {
    out().println();
    for (PriceTable prices : PriceTable.shipped().values()) {
      CostModel.Estimate estimate = new CostModel(prices).estimate(records, workspace.pipelines());
      out()
          .printf(
              "%s (%s list prices of %s): $%.6f for %d calls, $%.4f per 1,000 calls%n",
              prices.cloud(),
              prices.region(),
              prices.asOf(),
              estimate.total(),
              estimate.calls(),
              estimate.perThousandCalls());
      estimate.dollars().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> out().printf("  %-17s $%.6f%n", e.getKey(), e.getValue()));
    }
  }

  private static LocalDate day(String text, String option, LocalDate fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new UserError(option + " must be a day like 2026-11-26: " + text);
    }
  }
}
