package io.conserver.server.console;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;

/**
 * What every console form POST carries besides its own fields: the tenant of the page, the session
 * cookie, the form's CSRF token, and where the browser says the form came from.
 */
public final class ConsolePost {
  @PathParam("tenant")
  String tenant;

  @CookieParam(ConsoleSessions.COOKIE)
  String cookie;

  @FormParam("csrf")
  String csrf;

  @HeaderParam("Origin")
  String origin;

  @HeaderParam("Host")
  String host;
}
