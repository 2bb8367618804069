package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details ({@code application/problem+json}): {@code type}, {@code title}, {@code
 * status}, {@code detail}, plus members of our own (validation {@code errors}). The detail names
 * what was wrong and how to fix it; it never carries a stack trace, a key or data the caller did
 * not send.
 */
public final class Problem {
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Problem types are documented in the README's HTTP API section, under this base. */
  static final String TYPE_BASE = "https://conserver.io/problems/";

  private Problem() {}

  public static Response response(int status, String type, String title, String detail) {
    return response(status, body(status, type, title, detail));
  }

  public static ObjectNode body(int status, String type, String title, String detail) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", TYPE_BASE + type);
    json.put("title", title);
    json.put("status", status);
    json.put("detail", detail);
    return json;
  }

  public static Response response(int status, JsonNode body) {
    return Response.status(status).type(MEDIA_TYPE).entity(body).build();
  }

  /** Thrown by the resources; mapped to its response. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Response response;

    Failure(Response response) {
      super(null, null, false, false); // control flow, not an error: no stack trace to fill
      this.response = response;
    }

    public Response response() {
      return response;
    }
  }

  static Failure failure(int status, String type, String title, String detail) {
    return new Failure(response(status, type, title, detail));
  }

  static Failure failure(Response response) {
    return new Failure(response);
  }
}
