package io.conserver.server;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the API returns is a problem document, including the framework's own. */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response failure(Problem.Failure failure) {
    return failure.response();
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return Problem.response(404, "not-found", "Not Found", "no such resource");
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e) {
    Response problem =
        Problem.response(
            405,
            "method-not-allowed",
            "Method Not Allowed",
            "this resource does not take that method");
    return Response.fromResponse(problem).allow(e.getResponse().getAllowedMethods()).build();
  }

  @ServerExceptionMapper
  public Response unsupported(NotSupportedException e) {
    return Problem.response(
        415,
        "unsupported-media-type",
        "Unsupported Media Type",
        "send the vCon as Content-Type: application/json or application/vcon+json");
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "Error" : type.getReasonPhrase();
    return Problem.response(
        status, "http-" + status, title, status >= 500 ? "the server failed" : title.toLowerCase());
  }

  // A bug or an I/O failure: logged with its stack trace (no exception here carries a key or a
  // request body), while the caller learns nothing beyond "retry later". A full data volume is
  // the one I/O failure worth naming: the operator must act, the client must wait.
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    if (storageFull(e)) {
      LOG.errorf("the data volume is full (%s): submissions are refused until space is freed", e);
      return Response.fromResponse(
              Problem.response(
                  507,
                  "storage-full",
                  "Insufficient Storage",
                  "the server's storage is full: nothing was written; send this again later"))
          .header("Retry-After", "60")
          .build();
    }
    LOG.error("request failed", e);
    return Problem.response(
        500, "internal", "Internal Server Error", "the server failed; retry later");
  }

  /** Out of space or inodes (ENOSPC), as the JDK reports it, anywhere in the cause chain. */
  static boolean storageFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String reason =
          t instanceof java.nio.file.FileSystemException fs ? fs.getReason() : t.getMessage();
      if (reason != null && reason.contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }
}
