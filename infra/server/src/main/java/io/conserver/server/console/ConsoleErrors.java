package io.conserver.server.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders a {@link ConsoleException} as an HTML page, or the redirect it asks for. */
public final class ConsoleErrors {
  private final Template error;

  ConsoleErrors(@Location("console/error.html") Template error) {
    this.error = error;
  }

  @ServerExceptionMapper
  public Response console(ConsoleException e) {
    if (e.location != null) {
      return Response.seeOther(e.location).build();
    }
    String title =
        switch (e.status) {
          case 400 -> "Bad request";
          case 403 -> "Not allowed";
          default -> "Not found";
        };
    return ConsoleAuth.page(
        e.status, error.data("title", title).data("message", e.getMessage()).render());
  }
}
