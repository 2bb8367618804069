package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.ErasePolicy;
import io.conserver.platform.erase.EraseProgress;
import io.conserver.platform.erase.EraseRequests;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code /v1/{tenant}/erase}: right-to-be-forgotten requests (scope {@code erase}). A POST plans
 * the request and answers 202 with its id; the erase runs afterwards, one request at a time per
 * tenant, and its state and signed receipt are read back by id. The party identifier is taken from
 * the body (never a query string, which access logs and proxies keep) and never logged or echoed.
 */
@Path("/v1/{tenant}/erase")
@Tag(name = "Erase", description = "Right to be forgotten")
@SecurityRequirement(name = VconResource.SECURITY)
public class EraseResource {
  static final String SCOPE = "erase";
  private static final Logger LOG = Logger.getLogger(EraseResource.class);

  private final ApiAuth auth;

  EraseResource(ApiAuth auth) {
    this.auth = auth;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Erase a party",
      description =
          "Body {\"party\": \"tel:+15551234567\", \"policy\": \"erase\"|\"scrub\", \"dry_run\":"
              + " false}. Dry run: 200 with what would be erased. Otherwise 202 with the request"
              + " id; the same party and policy while a request is unfinished gives the same id.")
  @APIResponse(responseCode = "202", description = "Accepted: the erase runs; GET its location")
  @APIResponse(responseCode = "200", description = "Dry run: what would be erased")
  @APIResponse(responseCode = "400", description = "No party, not an identifier, unknown policy")
  @APIResponse(responseCode = "403", description = "Another tenant's key, or no 'erase' scope")
  public Response erase(
      @PathParam("tenant") String tenant,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    TenantContext context = auth.tenant(tenant, authorization, SCOPE);
    String party = body == null ? "" : body.path("party").asText("");
    ErasePolicy policy;
    try {
      policy = ErasePolicy.parse(body == null ? "erase" : body.path("policy").asText("erase"));
      if (body != null && body.path("dry_run").asBoolean(false)) {
        return Response.ok(context.erase.dryRun(party, policy)).build();
      }
      String id = context.erase.start(party, policy);
      URI location = runLater(context, tenant, id);
      ObjectNode accepted = JsonNodeFactory.instance.objectNode();
      accepted.put("request", id);
      accepted.put("status", "accepted");
      accepted.put("location", location.toString());
      return Response.accepted(accepted).location(location).build();
    } catch (IllegalArgumentException e) {
      throw Problem.failure(400, "bad-party", "Bad Request", e.getMessage());
    }
  }

  @GET
  @Path("/{id}")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(summary = "An erase request's state: plan, progress, residue verdict")
  @APIResponse(responseCode = "200", description = "The state")
  @APIResponse(responseCode = "404", description = "No such request for this tenant")
  public Response status(
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    TenantContext context = auth.tenant(tenant, authorization, SCOPE);
    ObjectNode state = requests(context).load(checked(id)).orElseThrow(EraseResource::notFound);
    state.remove("sealed_identifier");
    return Response.ok(state).build();
  }

  @GET
  @Path("/{id}/receipt")
  @Produces({"application/jose", Problem.MEDIA_TYPE})
  @Operation(summary = "The signed receipt (compact JWS, ES256) of a finished request")
  @APIResponse(responseCode = "200", description = "The receipt")
  @APIResponse(responseCode = "404", description = "Unknown, or not finished yet")
  public Response receipt(
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    TenantContext context = auth.tenant(tenant, authorization, SCOPE);
    String jws = requests(context).receipt(checked(id)).orElseThrow(EraseResource::notFound);
    return Response.ok(jws, "application/jose").build();
  }

  /**
   * Runs an erase request on the tenant's erase thread (one at a time), so the request that started
   * it is answered at once; returns where its state is read.
   */
  static URI runLater(TenantContext context, String tenant, String id) {
    context.erasing.submit(() -> run(context, id));
    return URI.create("/v1/" + tenant + "/erase/" + id);
  }

  private static void run(TenantContext context, String id) {
    try {
      context.erase.run(id, EraseProgress.SILENT);
    } catch (Exception e) {
      LOG.warnf(
          "tenant %s: erase request %s stopped (%s); it resumes on the next start or POST",
          context.name, id, e.getClass().getSimpleName());
    }
  }

  private static EraseRequests requests(TenantContext context) {
    return context.erase.requests();
  }

  private static String checked(String id) {
    if (!EraseRequests.isRequestId(id)) {
      throw notFound();
    }
    return id;
  }

  private static Problem.Failure notFound() {
    return Problem.failure(
        404, "not-found", "Not Found", "no such erase request (or not finished)");
  }
}
