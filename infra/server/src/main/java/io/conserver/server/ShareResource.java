package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.server.share.ShareRecords;
import io.conserver.server.share.ShareTokens;
import io.conserver.vcon.ContentHash;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/{tenant}/vcons/{uuid}/shares}: signed, expiring links to one copy of a conversation.
 * Creating one pins the copy (the furthest the share's scope allows, or a named stage's) by key and
 * hash, and answers with {@code /v1/share/<token>}, which serves exactly that copy to whoever holds
 * it until it expires or is revoked. A share never grants more than its creator may read: a {@code
 * read-original} share needs a {@code read-original} credential. Creation, every access and
 * revocation are records of the conversation's ledger.
 */
@Path("/v1/{tenant}/vcons/{uuid}/shares")
@Tag(name = "Sharing", description = "Signed, expiring links to a conversation")
@SecurityRequirement(name = VconResource.SECURITY)
public class ShareResource {
  static final Duration DEFAULT_TTL = Duration.ofHours(24);
  static final Duration MAX_TTL = Duration.ofDays(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tenants tenants;
  private final ApiAuth auth;

  ShareResource(Tenants tenants, ApiAuth auth) {
    this.tenants = tenants;
    this.auth = auth;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Create a share link",
      description =
          "Body (every member optional): {\"scope\": \"read-redacted\"|\"read-original\","
              + " \"ttl_seconds\": 86400, \"version\": \"latest\"|<stage>, \"pipeline\":"
              + " \"default\"}. 201 with the link (`url`), its id and expiry and the public key a"
              + " signed copy verifies with. With an Idempotency-Key header a retry returns the"
              + " same share.")
  @APIResponse(responseCode = "201", description = "The share")
  @APIResponse(responseCode = "400", description = "Unknown scope, bad ttl or version")
  @APIResponse(responseCode = "401", description = "No valid credential")
  @APIResponse(responseCode = "403", description = "Another tenant's, or lacks the share's scope")
  @APIResponse(responseCode = "404", description = "No such conversation, or no copy to share")
  public Response create(
      @PathParam("tenant") String tenant,
      @PathParam("uuid") String uuid,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Parameter(description = "Makes a retried creation return the same share")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      @Context UriInfo uri,
      JsonNode body) {
    Caller caller = auth.caller(tenant, authorization, VconResource.READ_SCOPES);
    TenantContext context = caller.context();
    VconResource.requireUuid(uuid);
    JsonNode request = body == null ? JsonNodeFactory.instance.objectNode() : body;
    String scope = request.path("scope").asText(Caller.READ_REDACTED);
    if (!VconResource.READ_SCOPES.contains(scope)) {
      throw Problem.failure(
          400, "bad-share", "Bad Request", "scope: read-redacted or read-original");
    }
    boolean original = scope.equals(Caller.READ_ORIGINAL);
    if (original && !caller.readsOriginals()) {
      throw Problem.failure(
          403,
          "forbidden",
          "Forbidden",
          "a read-original share needs a credential with the 'read-original' scope");
    }
    Duration ttl = ttl(request);
    PipelineDeclaration pipeline = tenants.declared(request.path("pipeline").asText("default"));
    String version = request.path("version").asText("latest");
    Optional<VconCopies.Copy> copy =
        version.equals("latest")
            ? VconCopies.furthest(context.store, pipeline, uuid, original)
            : VconCopies.ofStage(context.store, pipeline, uuid, version, original);
    if (copy.isEmpty()) {
      throw Problem.failure(
          404,
          "not-found",
          "Not Found",
          "no "
              + (original ? "" : "redacted ")
              + "copy of vCon "
              + uuid
              + (version.equals("latest") ? "" : " by stage '" + version + "'")
              + " in pipeline '"
              + pipeline.name()
              + "'");
    }
    String id =
        idempotencyKey == null || idempotencyKey.isBlank()
            ? randomId()
            : context.shareTokens.idFor(uuid, idempotencyKey);
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ShareRecords.Share share =
        context.shares.create(
            new ShareRecords.Share(
                id,
                uuid,
                pipeline.name(),
                copy.get().stage(),
                copy.get().key(),
                ContentHash.sha512(context.store.getBytes(copy.get().key(), SharedVcon.MAX_BYTES))
                    .toString(),
                scope,
                now,
                now.plus(ttl),
                caller.principal()));
    if (!share.uuid().equals(uuid)) {
      throw Problem.failure(
          409, "conflict", "Conflict", "this Idempotency-Key was used for another conversation");
    }
    ShareLedger.created(context, share);
    String token =
        context.shareTokens.mint(new ShareTokens.Claims(context.name, id, share.expiresAt()));
    URI link = uri.getBaseUriBuilder().path("v1/share/{token}").build(token);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("id", share.id());
    answer.put("url", link.toString());
    answer.put("expires_at", share.expiresAt().toString());
    answer.put("scope", share.scope());
    answer.put("stage", share.stage());
    answer.put("hash", share.hash());
    answer.set("verification_key", context.shareSigner().publicJwk());
    return Response.status(201)
        .location(URI.create("/v1/" + context.name + "/vcons/" + uuid + "/shares/" + id))
        .entity(answer)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-store")
        .build();
  }

  @DELETE
  @Path("/{id}")
  @Produces(Problem.MEDIA_TYPE)
  @Operation(summary = "Revoke a share link (again: 204 too)")
  @APIResponse(responseCode = "204", description = "Revoked")
  @APIResponse(responseCode = "404", description = "No such share of this conversation")
  public Response revoke(
      @PathParam("tenant") String tenant,
      @PathParam("uuid") String uuid,
      @PathParam("id") String id,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    Caller caller = auth.caller(tenant, authorization, REVOKE_SCOPES);
    TenantContext context = caller.context();
    VconResource.requireUuid(uuid);
    ShareRecords.Share share =
        context
            .shares
            .find(id)
            .filter(s -> s.uuid().equals(uuid))
            .orElseThrow(
                () -> Problem.failure(404, "not-found", "Not Found", "no such share link"));
    if (context.shares.revoke(share.id(), Instant.now())) {
      ShareLedger.revoked(context, share, caller.principal());
    }
    return Response.noContent().build();
  }

  /** Revoking takes what creating takes, or admin. */
  static final Set<String> REVOKE_SCOPES =
      Set.of(Caller.READ_REDACTED, Caller.READ_ORIGINAL, "admin");

  private static Duration ttl(JsonNode request) {
    JsonNode value = request.path("ttl_seconds");
    if (value.isMissingNode() || value.isNull()) {
      return DEFAULT_TTL;
    }
    if (!value.canConvertToLong()
        || value.asLong() < 1
        || value.asLong() > MAX_TTL.toSeconds()
        || !value.isIntegralNumber()) {
      throw Problem.failure(
          400,
          "bad-share",
          "Bad Request",
          "ttl_seconds: a whole number from 1 to " + MAX_TTL.toSeconds());
    }
    return Duration.ofSeconds(value.asLong());
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
