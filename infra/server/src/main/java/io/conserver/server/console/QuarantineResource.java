package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.local.runtime.QuarantinedItems;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.server.ConsoleGateway;
import io.conserver.vcon.VconJson;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The quarantine page: what was set aside, why, and the original event; retry (the same release as
 * {@code conserver quarantine retry}, then the inputs are listed again so it runs now) or discard
 * (the record goes, an audit record stays). Both need the {@code admin} scope.
 */
@Path("/console/{tenant}/quarantine")
public class QuarantineResource {
  static final String SCOPE = "admin";

  @TemplateData
  record Row(String reference, String at, String error, String input, String json) {}

  private final ConsoleAuth auth;
  private final ConsoleGateway gateway;
  private final Template page;

  QuarantineResource(
      ConsoleAuth auth,
      ConsoleGateway gateway,
      @Location("console/quarantine.html") Template page) {
    this.auth = auth;
    this.gateway = gateway;
    this.page = page;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public TemplateInstance list(
      @PathParam("tenant") String tenant,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @jakarta.ws.rs.QueryParam("done") String done) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    List<Row> rows = new ArrayList<>();
    for (QuarantinedItems.Item item : items(data).list()) {
      rows.add(row(item.reference(), item.record()));
    }
    List<Row> discarded = new ArrayList<>();
    for (BlobMetadata audit : data.store().list("audit/quarantine/")) {
      JsonNode record =
          VconJson.codec().read(data.store().getBytes(audit.key(), QuarantinedItems.MAX_RECORD));
      discarded.add(
          new Row(
              record.path("reference").asText(),
              record.path("at").asText(),
              record.path("reason").asText(),
              "discarded by key " + record.path("by").asText(),
              ""));
    }
    return page.data("viewer", viewer)
        .data("page", "quarantine")
        .data("rows", rows)
        .data("discarded", discarded)
        .data("done", done == null ? "" : done);
  }

  @POST
  @Path("/{pipeline}/{stage}/{id}/retry")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response retry(
      @BeanParam ConsolePost post,
      @PathParam("pipeline") String pipeline,
      @PathParam("stage") String stage,
      @PathParam("id") String id) {
    Viewer viewer = auth.poster(post, SCOPE);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    try {
      items(data).release(reference(pipeline, stage, id));
    } catch (IllegalArgumentException e) {
      throw ConsoleException.badRequest(e.getMessage());
    }
    gateway.resume(data.name());
    return back(viewer.tenant(), "retried");
  }

  @POST
  @Path("/{pipeline}/{stage}/{id}/discard")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response discard(
      @BeanParam ConsolePost post,
      @PathParam("pipeline") String pipeline,
      @PathParam("stage") String stage,
      @PathParam("id") String id,
      @FormParam("reason") String reason) {
    Viewer viewer = auth.poster(post, SCOPE);
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > 500) {
      throw ConsoleException.badRequest("say why the item is discarded (up to 500 characters)");
    }
    try {
      items(auth.tenant(viewer))
          .discard(reference(pipeline, stage, id), viewer.keyId(), why, Instant.now());
    } catch (IllegalArgumentException e) {
      throw ConsoleException.badRequest(e.getMessage());
    }
    return back(viewer.tenant(), "discarded");
  }

  private static Row row(String reference, JsonNode record) {
    return new Row(
        reference,
        record.path("at").asText(),
        record.path("error").path("message").asText(),
        record.path("event").path("key").asText(""),
        VconJson.codec().writePretty(record));
  }

  private static String reference(String pipeline, String stage, String id) {
    String reference = pipeline + "/" + stage + "/" + id;
    if (!QuarantinedItems.isReference(reference)) {
      throw ConsoleException.notFound("no such quarantined item");
    }
    return reference;
  }

  private static Response back(String tenant, String done) {
    return Response.seeOther(URI.create("/console/" + tenant + "/quarantine?done=" + done)).build();
  }

  private static QuarantinedItems items(ConsoleGateway.Tenant data) {
    return new QuarantinedItems(data.local(), data.store());
  }
}
