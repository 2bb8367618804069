package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.consent.ConsentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/{tenant}/consent/revoke}: a party's consent revocation (scope {@code erase} or
 * {@code admin}). The identifier comes in the body and is never logged or echoed: the answer names
 * its HMAC, what each pipeline does, and the erase request when a pipeline erases (it runs after
 * the answer, like {@code POST /erase}; follow its location).
 */
@Path("/v1/{tenant}/consent/revoke")
@Tag(name = "Consent", description = "Consent revocation")
@SecurityRequirement(name = VconResource.SECURITY)
public class ConsentResource {
  static final Set<String> SCOPES = Set.of("erase", "admin");

  private final ApiAuth auth;

  ConsentResource(ApiAuth auth) {
    this.auth = auth;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Revoke a party's consent",
      description =
          "Body {\"party\": \"tel:+15551234567\"}. 200 when every pipeline stops processing the"
              + " party; 202 with the erase request when a pipeline's consent_revoked_action is"
              + " erase.")
  @APIResponse(responseCode = "200", description = "Recorded; later stages skip the party")
  @APIResponse(responseCode = "202", description = "Recorded; an erase request runs")
  @APIResponse(responseCode = "400", description = "No party, or not an identifier")
  @APIResponse(responseCode = "403", description = "Another tenant's key, or no erase/admin scope")
  public Response revoke(
      @PathParam("tenant") String tenant,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      JsonNode body) {
    TenantContext context = auth.tenantWithAnyScope(tenant, authorization, SCOPES);
    ConsentService.Revocation revocation;
    try {
      revocation = context.consent.revoke(body == null ? "" : body.path("party").asText(""));
    } catch (IllegalArgumentException e) {
      throw Problem.failure(400, "bad-party", "Bad Request", e.getMessage());
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("party_hmac", revocation.partyHmac());
    revocation.actions().forEach(answer.putObject("actions")::put);
    if (revocation.eraseRequest().isEmpty()) {
      return Response.ok(answer).build();
    }
    String id = revocation.eraseRequest().get();
    URI location = EraseResource.runLater(context, tenant, id);
    answer.put("erase_request", id);
    answer.put("location", location.toString());
    return Response.accepted(answer).location(location).build();
  }
}
