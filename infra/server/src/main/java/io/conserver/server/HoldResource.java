package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.holds.Hold;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIdentifiers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/{tenant}/holds}: legal holds (scope {@code admin}). Parties are kept by HMAC. */
@Path("/v1/{tenant}/holds")
@Tag(name = "Legal holds", description = "Holds that block erase and expiry")
@SecurityRequirement(name = VconResource.SECURITY)
public class HoldResource {
  static final String SCOPE = "admin";

  private final ApiAuth auth;

  HoldResource(ApiAuth auth) {
    this.auth = auth;
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(summary = "Every hold of the tenant")
  @APIResponse(responseCode = "200", description = "{\"holds\": [...]}")
  public Response list(
      @PathParam("tenant") String tenant,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    TenantContext context = auth.tenant(tenant, authorization, SCOPE);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode holds = body.putArray("holds");
    new Holds(context.store).list().forEach(h -> holds.add(json(h)));
    return Response.ok(body).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Set a hold",
      description =
          "Body {\"conversation\": uuid} or {\"party\": \"tel:...\"}, with \"case\" and"
              + " \"reason\". Setting the same hold again returns the first one.")
  @APIResponse(responseCode = "201", description = "The hold")
  @APIResponse(responseCode = "400", description = "Missing or invalid target, case or reason")
  public Response set(
      @PathParam("tenant") String tenant,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    TenantContext context = auth.tenant(tenant, authorization, SCOPE);
    JsonNode request = body == null ? JsonNodeFactory.instance.objectNode() : body;
    Holds holds = new Holds(context.store);
    String caseId = request.path("case").asText("");
    String reason = request.path("reason").asText("");
    Hold hold;
    try {
      if (request.hasNonNull("conversation") == request.hasNonNull("party")) {
        throw new IllegalArgumentException("name either a conversation or a party");
      }
      if (request.hasNonNull("conversation")) {
        hold =
            holds.holdConversation(
                request.path("conversation").asText().toLowerCase(java.util.Locale.ROOT),
                caseId,
                reason,
                Instant.now());
      } else {
        String normalised =
            PartyIdentifiers.parse(request.path("party").asText())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "party: not a party identifier (tel:, mailto:, sip: or name:)"));
        hold = holds.holdParty(context.partyIndex.hmac(normalised), caseId, reason, Instant.now());
      }
    } catch (IllegalArgumentException e) {
      throw Problem.failure(400, "bad-hold", "Bad Request", e.getMessage());
    }
    return Response.status(201).entity(json(hold)).build();
  }

  @DELETE
  @Path("/{kind}/{target}/{case}")
  @Produces(Problem.MEDIA_TYPE)
  @Operation(summary = "Release a hold (its id as the list gives it)")
  @APIResponse(responseCode = "204", description = "Released")
  @APIResponse(responseCode = "404", description = "No such hold")
  public Response release(
      @PathParam("tenant") String tenant,
      @PathParam("kind") String kind,
      @PathParam("target") String target,
      @PathParam("case") String caseId,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    TenantContext context = auth.tenant(tenant, authorization, SCOPE);
    boolean released;
    try {
      released = new Holds(context.store).release(kind + "/" + target + "/" + caseId);
    } catch (IllegalArgumentException e) {
      released = false;
    }
    if (!released) {
      throw Problem.failure(404, "not-found", "Not Found", "no such hold");
    }
    return Response.noContent().build();
  }

  private static ObjectNode json(Hold hold) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", hold.id());
    json.put("kind", hold.kind());
    json.put("target", hold.target());
    json.put("case", hold.caseId());
    json.put("reason", hold.reason());
    json.put("set_at", hold.setAt().toString());
    return json;
  }
}
