package io.conserver.server.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Browser protections on every console response: a Content-Security-Policy that allows only this
 * server's own script, styles and media (no inline script, nothing from a CDN), no framing, no
 * referrer outside this server (with no-referrer at all, browsers send {@code Origin: null} on form
 * posts, which the CSRF check refuses), and no caching of pages that hold a tenant's data.
 */
public final class ConsoleHeaders {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self';"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  @ServerResponseFilter
  public void protect(ContainerRequestContext request, ContainerResponseContext response) {
    if (!request.getUriInfo().getPath().startsWith("/console")) {
      return;
    }
    MultivaluedMap<String, Object> headers = response.getHeaders();
    headers.putSingle("Content-Security-Policy", CSP);
    headers.putSingle("X-Frame-Options", "DENY");
    headers.putSingle("X-Content-Type-Options", "nosniff");
    headers.putSingle("Referrer-Policy", "same-origin");
    if (!headers.containsKey("Cache-Control")) {
      headers.putSingle("Cache-Control", "no-store");
    }
  }
}
