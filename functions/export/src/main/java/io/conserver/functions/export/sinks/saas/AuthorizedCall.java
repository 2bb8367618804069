package io.conserver.functions.export.sinks.saas;

import io.conserver.functions.export.sinks.SinkRejectedException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Predicate;

/**
 * One API call with a bearer token: a 401 (the token expired or was revoked before its time) drops
 * the token and tries once more with a fresh one; a second 401 means the credential itself is not
 * allowed in, which retrying will not change.
 */
final class AuthorizedCall {
  /** Builds the request for a token (the call may be sent twice, with different tokens). */
  @FunctionalInterface
  interface RequestFor {
    HttpRequest build(AccessToken token) throws SinkRejectedException;
  }

  private final String service;
  private final JwtBearerGrant grant;
  private final SaasHttp http;

  AuthorizedCall(String service, JwtBearerGrant grant, SaasHttp http) {
    this.service = service;
    this.grant = grant;
    this.http = http;
  }

  HttpResponse<String> send(RequestFor request, Predicate<HttpResponse<String>> alsoTransient)
      throws SinkRejectedException, IOException, InterruptedException {
    AccessToken token = grant.token();
    HttpResponse<String> response = http.send(request.build(token), alsoTransient);
    if (response.statusCode() != 401) {
      return response;
    }
    grant.refused(token);
    AccessToken fresh = grant.token();
    response = http.send(request.build(fresh), alsoTransient);
    if (response.statusCode() == 401) {
      grant.refused(fresh);
      throw new SinkRejectedException(
          service
              + " refused a freshly issued token (401"
              + SaasHttp.errorSummary(response).replace(" (", ", ").replace(")", "")
              + "): check the credential's access");
    }
    return response;
  }
}
