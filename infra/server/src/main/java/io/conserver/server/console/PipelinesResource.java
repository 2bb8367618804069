package io.conserver.server.console;

import io.conserver.platform.metering.MeterReader;
import io.conserver.server.ConsoleGateway;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The pipelines page: each pipeline's stages with their counts, and its retention rules. */
@Path("/console/{tenant}/pipelines")
public class PipelinesResource {
  /** Run times come from the metering records of this many days. */
  static final int WINDOW_DAYS = 30;

  private final ConsoleAuth auth;
  private final ConsoleGateway gateway;
  private final Template page;

  PipelinesResource(
      ConsoleAuth auth, ConsoleGateway gateway, @Location("console/pipelines.html") Template page) {
    this.auth = auth;
    this.gateway = gateway;
    this.page = page;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public TemplateInstance pipelines(
      @PathParam("tenant") String tenant, @CookieParam(ConsoleSessions.COOKIE) String cookie) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return page.data("viewer", viewer)
        .data("page", "pipelines")
        .data("window", WINDOW_DAYS)
        .data(
            "pipelines",
            PipelineStats.of(
                data.store(),
                gateway.pipelines(),
                new MeterReader(data.store()).read(today.minusDays(WINDOW_DAYS), today)));
  }
}
