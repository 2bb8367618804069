package io.conserver.server;

import io.conserver.platform.storage.BlobTooLargeException;
import io.conserver.server.share.ShareRecords;
import io.conserver.server.share.ShareTokens;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.VconJson;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/share/{token}}: the shared copy, to whoever holds a valid link, without other
 * credentials. The token names its tenant; that tenant's key must have signed it (so a token of
 * tenant A edited to name B fails), it must not have expired, its share must not be revoked, and
 * the copy must still be the one pinned at creation (same hash). Every access is a ledger record,
 * written before the copy is served. A link that is not valid is 404 whatever the reason; a valid
 * one past its life is 410.
 */
@Path("/v1/share")
@Tag(name = "Sharing", description = "Signed, expiring links to a conversation")
public class SharedVcon {
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private final Tenants tenants;

  SharedVcon(Tenants tenants) {
    this.tenants = tenants;
  }

  @GET
  @Path("/{token}")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Read a shared conversation",
      description =
          "The copy the link pins. ?signed=true: the vCon signed form (JWS General JSON, ES256,"
              + " kid of the tenant's share-signing key; the creator got the public key).")
  @APIResponse(responseCode = "200", description = "The vCon (or its signed form)")
  @APIResponse(responseCode = "404", description = "Not a valid link")
  @APIResponse(responseCode = "410", description = "Expired, revoked, or the copy was erased")
  public Response read(
      @Parameter(description = "The link's token") @PathParam("token") String token,
      @Parameter(description = "Return the JWS-signed form")
          @QueryParam("signed")
          @DefaultValue("false")
          boolean signed) {
    Optional<ShareTokens.Claims> peeked = ShareTokens.peek(token);
    TenantContext context =
        peeked.flatMap(claims -> tenants.tenant(claims.tenant())).orElseThrow(SharedVcon::invalid);
    ShareTokens.Claims claims = context.shareTokens.verify(token).orElseThrow(SharedVcon::invalid);
    if (!Instant.now().isBefore(claims.expires())) {
      throw gone("the share link has expired");
    }
    // The token is the tenant's own, so a missing record is one that was deleted: by an erase of
    // the conversation, or by retention after the share ended.
    ShareRecords.Share share =
        context
            .shares
            .find(claims.shareId())
            .orElseThrow(() -> gone("the shared conversation no longer exists"));
    if (context.shares.revoked(share.id())) {
      throw gone("the share link was revoked");
    }
    byte[] bytes;
    try {
      bytes = context.store.getBytes(share.key(), MAX_BYTES);
    } catch (io.conserver.platform.storage.BlobNotFoundException e) {
      throw gone("the shared conversation no longer exists");
    } catch (BlobTooLargeException e) {
      throw Problem.failure(
          413, "too-large", "Content Too Large", "the shared copy is too large to serve");
    }
    if (!ContentHash.sha512(bytes).toString().equals(share.hash())) {
      throw gone("the shared copy has changed since the link was made");
    }
    ShareLedger.accessed(context, share, signed);
    Object entity =
        signed ? VconJson.codec().write(context.shareSigner().sign(bytes, share.uuid())) : bytes;
    return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE)
        .header(VconResource.STAGE_HEADER, share.stage())
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  private static Problem.Failure invalid() {
    return Problem.failure(404, "not-found", "Not Found", "no such share link");
  }

  private static Problem.Failure gone(String detail) {
    return Problem.failure(410, "gone", "Gone", detail);
  }
}
