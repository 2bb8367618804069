package io.conserver.server.console;

import io.conserver.server.ConsoleGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Every console page asks here who is looking. A page of tenant T answers only a session of T
 * signed in with one of T's keys that is still configured (a revoked key ends its sessions at the
 * next request); another tenant's session gets the same 404 as an unknown tenant, so nothing tells
 * it T exists. POSTs also need the session's CSRF token and, when the browser sends an Origin, that
 * Origin to be this server.
 */
@ApplicationScoped
public class ConsoleAuth {
  private final ConsoleSessions sessions;
  private final ConsoleGateway gateway;

  ConsoleAuth(ConsoleSessions sessions, ConsoleGateway gateway) {
    this.sessions = sessions;
    this.gateway = gateway;
  }

  /** The viewer of a page of {@code tenant}; a redirect to sign in without a live session. */
  Viewer viewer(String cookie, String tenant) {
    ConsoleSessions.Session session =
        sessions.read(cookie, Instant.now()).orElseThrow(ConsoleException::signIn);
    if (!session.tenant().equals(tenant)) {
      throw ConsoleException.notFound("no such page");
    }
    List<String> scopes =
        gateway.scopesOf(session.tenant(), session.keyId()).orElseThrow(ConsoleException::signIn);
    return new Viewer(session.tenant(), session.keyId(), scopes, sessions.csrf(session));
  }

  /** The viewer of a POST: also checks the CSRF token and the Origin. */
  Viewer poster(ConsolePost post) {
    Viewer viewer = viewer(post.cookie, post.tenant);
    ConsoleSessions.Session session = sessions.read(post.cookie, Instant.now()).orElseThrow();
    if (!sessions.csrfValid(session, post.csrf) || !sameOrigin(post.origin, post.host)) {
      throw ConsoleException.forbidden(
          "this form is stale or came from another site; reload the page and try again");
    }
    return viewer;
  }

  /** The viewer of a POST whose key must carry the scope. */
  Viewer poster(ConsolePost post, String scope) {
    return requireScope(poster(post), scope);
  }

  /** The viewer, when the session's key carries the scope. */
  static Viewer requireScope(Viewer viewer, String scope) {
    if (!viewer.scopes().contains(scope)) {
      throw ConsoleException.forbidden(
          "this API key lacks the '"
              + scope
              + "' scope (sign in with a key created with `conserver apikey create --scope "
              + scope
              + "`)");
    }
    return viewer;
  }

  /** The viewer's tenant (404 while it is not served). */
  ConsoleGateway.Tenant tenant(Viewer viewer) {
    return gateway
        .tenant(viewer.tenant())
        .orElseThrow(() -> ConsoleException.notFound("no such tenant"));
  }

  /** An HTML page with a status other than 200 (a form shown again with what was wrong). */
  static Response page(int status, String html) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(html)
        .build();
  }

  /** A browser's Origin header, when present, must name this host. */
  static boolean sameOrigin(String origin, String host) {
    if (origin == null || origin.isBlank()) {
      return true; // SameSite=Strict already keeps the cookie off cross-site requests
    }
    try {
      URI uri = URI.create(origin);
      String authority = uri.getRawAuthority();
      return authority != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
