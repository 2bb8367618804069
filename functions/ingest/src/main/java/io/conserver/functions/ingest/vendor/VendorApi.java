package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Authorized JSON GETs to a vendor API with a client-credentials token. A 401 (the token expired or
 * was revoked before its time) drops it and tries once more with a fresh one; a second 401, or a
 * 403, means the app is not allowed in: a configuration error. 404 is this record's problem (the
 * recording or conversation is not there): quarantined. 429/5xx are absorbed or left to the
 * runner's retry ({@link VendorHttp}).
 */
public final class VendorApi {
  /** A 2xx answer: its status (Genesys answers 202 while it transcodes) and JSON body. */
  public record Answer(int status, JsonNode body) {}

  private final VendorHttp http;
  private final ClientCredentials credentials;
  private final String option;

  public VendorApi(
      String service, ClientCredentials credentials, String option, VendorEndpoints endpoints) {
    this.http = new VendorHttp(service, endpoints);
    this.credentials = credentials;
    this.option = option;
  }

  /**
   * @param what what is asked for, for messages ({@code /dialog/0: the recording's metadata})
   */
  public Answer get(URI uri, String what)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    ClientCredentials.Token token = credentials.token();
    HttpResponse<String> response = http.send(request(uri, token));
    if (response.statusCode() == 401) {
      credentials.refused(token);
      token = credentials.token();
      response = http.send(request(uri, token));
    }
    int status = response.statusCode();
    JsonNode body = ClientCredentials.json(response.body());
    if (status >= 200 && status < 300) {
      return new Answer(status, body);
    }
    String answered =
        http.service() + " answered " + status + ClientCredentials.errorCode(body) + " for " + what;
    if (status == 401 || status == 403) {
      credentials.refused(token);
      throw new StageMisconfiguredException(
          answered + ": the app of " + option + " lacks access (permissions or consent)");
    }
    throw new InvalidInputException(answered);
  }

  /** A bearer token for a download the guard makes (the recording content itself). */
  public String bearer() throws IOException, InterruptedException, StageMisconfiguredException {
    return "Bearer " + credentials.token().value();
  }

  private static HttpRequest request(URI uri, ClientCredentials.Token token) {
    return HttpRequest.newBuilder(uri)
        .timeout(VendorEndpoints.TIMEOUT)
        .header("Authorization", "Bearer " + token.value())
        .header("Accept", "application/json")
        .GET()
        .build();
  }
}
