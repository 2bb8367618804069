package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.analyze.objections.ObjectionType;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.server.ConsoleGateway;
import io.conserver.vcon.VconUuid;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The conversations pages: the searchable list, one conversation, and its recordings. */
@Path("/console/{tenant}/conversations")
public class ConversationsResource {
  static final int LIST_LIMIT = 200;

  /** The search form's fields, as query parameters. */
  public static final class Search {
    @QueryParam("party")
    String party;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("tag")
    String tag;

    @QueryParam("objection")
    String objection;

    @QueryParam("pipeline")
    String pipeline;
  }

  private final ConsoleAuth auth;
  private final ConsoleGateway gateway;
  private final Template list;
  private final Template detail;

  ConversationsResource(
      ConsoleAuth auth,
      ConsoleGateway gateway,
      @Location("console/conversations.html") Template list,
      @Location("console/conversation.html") Template detail) {
    this.auth = auth;
    this.gateway = gateway;
    this.list = list;
    this.detail = detail;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public TemplateInstance list(
      @PathParam("tenant") String tenant,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @BeanParam Search search) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    ConversationCatalog.Filter filter =
        new ConversationCatalog.Filter(
            search.party, search.from, search.to, search.tag, search.objection, search.pipeline);
    List<ConversationCatalog.Summary> found = List.of();
    String error = "";
    try {
      found = ConversationCatalog.search(data, gateway.pipelines(), filter, LIST_LIMIT);
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
    }
    return list.data("viewer", viewer)
        .data("page", "conversations")
        .data("filter", filter)
        .data("pipelines", gateway.pipelines().keySet())
        .data(
            "objectionTypes",
            java.util.Arrays.stream(ObjectionType.values()).map(ObjectionType::label).toList())
        .data("found", found)
        .data("limit", LIST_LIMIT)
        .data("error", error);
  }

  @GET
  @Path("/{id}")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public TemplateInstance detail(
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      @CookieParam(ConsoleSessions.COOKIE) String cookie) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    List<ConversationCatalog.Copy> copies = copies(data, id);
    ConversationView view =
        ConversationView.of(data.store(), copies.get(0), copies.get(copies.size() - 1));
    return detail.data("viewer", viewer).data("page", "conversations").data("c", view);
  }

  /**
   * A recording of a dialog, {@code original} (the first stage's copy) or {@code redacted} (the
   * furthest copy's, when redaction replaced it), with HTTP Range support so the player can seek.
   */
  @GET
  @Path("/{id}/media/{dialog}/{which}")
  @Operation(hidden = true)
  public Response media(
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      @PathParam("dialog") int dialog,
      @PathParam("which") String which,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @HeaderParam("Range") String range) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    List<ConversationCatalog.Copy> copies = copies(data, id);
    ConversationCatalog.Copy copy =
        switch (which.toLowerCase(Locale.ROOT)) {
          case "original" -> copies.get(0);
          case "redacted" -> copies.get(copies.size() - 1);
          default -> throw ConsoleException.notFound("no such recording");
        };
    JsonNode vcon = ConversationCatalog.read(data.store(), copy.key());
    Optional<ConsoleMedia.Media> media =
        ConsoleMedia.open(data.store(), data.name(), vcon.path("dialog").path(dialog));
    return RangeResponses.of(
        media.orElseThrow(() -> ConsoleException.notFound("no recording")), range);
  }

  /** The conversation's stage copies in the first pipeline that has any; 404 when none. */
  private List<ConversationCatalog.Copy> copies(ConsoleGateway.Tenant data, String id) {
    if (!VconUuid.isCanonical(id)) {
      throw ConsoleException.notFound("no such conversation");
    }
    for (Map.Entry<String, PipelineDeclaration> pipeline : gateway.pipelines().entrySet()) {
      List<ConversationCatalog.Copy> copies =
          ConversationCatalog.copiesOf(data.store(), pipeline.getValue(), id);
      if (!copies.isEmpty()) {
        return copies;
      }
    }
    throw ConsoleException.notFound("no such conversation");
  }
}
