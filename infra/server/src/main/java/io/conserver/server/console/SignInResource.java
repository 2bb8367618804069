package io.conserver.server.console;

import io.conserver.server.ConsoleGateway;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Signing in to the console with one of the tenant's API keys (the key is checked by the API's key
 * ring and then forgotten: the session cookie carries only its id), and signing out.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {
  private final ConsoleGateway gateway;
  private final ConsoleSessions sessions;
  private final ConsoleAuth auth;
  private final Template signIn;

  SignInResource(
      ConsoleGateway gateway,
      ConsoleSessions sessions,
      ConsoleAuth auth,
      @Location("console/sign-in.html") Template signIn) {
    this.gateway = gateway;
    this.sessions = sessions;
    this.auth = auth;
    this.signIn = signIn;
  }

  @GET
  @Operation(hidden = true)
  public Response home(@CookieParam(ConsoleSessions.COOKIE) String cookie) {
    return sessions
        .read(cookie, Instant.now())
        .map(s -> Response.seeOther(URI.create("/console/" + s.tenant() + "/pipelines")).build())
        .orElseGet(() -> Response.seeOther(URI.create("/console/sign-in")).build());
  }

  @GET
  @Path("/sign-in")
  @Operation(hidden = true)
  public TemplateInstance form() {
    return signIn.data("tenant", "").data("error", "");
  }

  @POST
  @Path("/sign-in")
  @Operation(hidden = true)
  public Response signIn(
      @FormParam("tenant") String tenant,
      @FormParam("key") String key,
      @HeaderParam("Origin") String origin,
      @HeaderParam("Host") String host,
      @Context UriInfo uri) {
    String name = tenant == null ? "" : tenant.strip();
    if (!ConsoleAuth.sameOrigin(origin, host)) {
      throw ConsoleException.forbidden("sign in from this server's own page");
    }
    return gateway
        .signIn(name, key)
        .map(
            who ->
                Response.seeOther(URI.create("/console/" + who.tenant() + "/pipelines"))
                    .cookie(
                        cookie(
                            sessions.issue(who, Instant.now()),
                            uri,
                            ConsoleSessions.LIFETIME.toSeconds()))
                    .build())
        .orElseGet(
            () ->
                ConsoleAuth.page(
                    401,
                    signIn
                        .data("tenant", name)
                        .data("error", "That tenant and API key do not match a key in force.")
                        .render()));
  }

  @POST
  @Path("/{tenant}/sign-out")
  @Operation(hidden = true)
  public Response signOut(@BeanParam ConsolePost post, @Context UriInfo uri) {
    auth.poster(post);
    return Response.seeOther(URI.create("/console/sign-in")).cookie(cookie("", uri, 0)).build();
  }

  private static NewCookie cookie(String value, UriInfo uri, long maxAgeSeconds) {
    return new NewCookie.Builder(ConsoleSessions.COOKIE)
        .value(value)
        .path("/console")
        .httpOnly(true)
        .secure("https".equals(uri.getBaseUri().getScheme()))
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge((int) maxAgeSeconds)
        .build();
  }
}
