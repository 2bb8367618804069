package io.conserver.server.console;

import io.conserver.platform.metering.MeterReader;
import io.conserver.platform.metering.MeterRecord;
import io.conserver.server.ConsoleGateway;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The usage page: the metering records per UTC day (calls, the billing unit; stage runs; audio
 * minutes; bytes), read with the same {@link MeterReader} as {@code conserver usage}.
 */
@Path("/console/{tenant}/usage")
public class UsageResource {
  @TemplateData
  record Day(
      String day,
      long calls,
      long runs,
      String audioMinutes,
      long bytesIn,
      long bytesOut,
      int bar) {}

  private final ConsoleAuth auth;
  private final Template page;

  UsageResource(ConsoleAuth auth, @Location("console/usage.html") Template page) {
    this.auth = auth;
    this.page = page;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public TemplateInstance usage(
      @PathParam("tenant") String tenant,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    LocalDate last = day(to, LocalDate.now(ZoneOffset.UTC));
    LocalDate first = day(from, last.minusDays(30));
    if (last.isBefore(first)) {
      throw ConsoleException.badRequest("'to' is before 'from'");
    }
    List<Day> days = days(new MeterReader(data.store()).read(first, last));
    return page.data("viewer", viewer)
        .data("page", "usage")
        .data("from", first.toString())
        .data("to", last.toString())
        .data("days", days)
        .data("calls", days.stream().mapToLong(Day::calls).sum())
        .data("runs", days.stream().mapToLong(Day::runs).sum());
  }

  /** One row per day; {@code bar} is the day's calls as a percentage of the busiest day's. */
  static List<Day> days(List<MeterRecord> records) {
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Double> audio = new TreeMap<>();
    for (MeterRecord r : records) {
      String day = r.at().atZone(ZoneOffset.UTC).toLocalDate().toString();
      long[] c = counts.computeIfAbsent(day, k -> new long[4]);
      c[0] += r.calls();
      c[1]++;
      c[2] += r.bytesIn();
      c[3] += r.bytesOut();
      audio.merge(day, r.audioSeconds(), Double::sum);
    }
    long busiest = counts.values().stream().mapToLong(c -> c[0]).max().orElse(0);
    List<Day> days = new ArrayList<>();
    counts.forEach(
        (day, c) ->
            days.add(
                new Day(
                    day,
                    c[0],
                    c[1],
                    String.format(Locale.ROOT, "%.1f", audio.get(day) / 60),
                    c[2],
                    c[3],
                    busiest == 0 ? 0 : (int) (100 * c[0] / busiest))));
    return days;
  }

  private static LocalDate day(String text, LocalDate fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ConsoleException.badRequest("not a day like 2026-11-26: " + text.strip());
    }
  }
}
