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
    Answer answer = exchange("GET", uri, null, what);
    if (answer.status() < 200 || answer.status() >= 300) {
      throw new InvalidInputException(
          http.service()
              + " answered "
              + answer.status()
              + ClientCredentials.errorCode(answer.body())
              + " for "
              + what);
    }
    return answer;
  }

  /**
   * One authorized call with an optional JSON body; every answer but 401/403 is returned for the
   * caller to interpret (a subscription's 404 means "re-create", not "quarantine").
   */
  public Answer exchange(String method, URI uri, JsonNode body, String what)
      throws IOException, InterruptedException, StageMisconfiguredException {
    ClientCredentials.Token token = credentials.token();
    HttpResponse<String> response = http.send(request(method, uri, body, token));
    if (response.statusCode() == 401) {
      credentials.refused(token);
      token = credentials.token();
      response = http.send(request(method, uri, body, token));
    }
    int status = response.statusCode();
    JsonNode answer = ClientCredentials.json(response.body());
    if (status == 401 || status == 403) {
      credentials.refused(token);
      throw new StageMisconfiguredException(
          http.service()
              + " answered "
              + status
              + ClientCredentials.errorCode(answer)
              + " for "
              + what
              + ": the app of "
              + option
              + " lacks access (permissions or consent)");
    }
    return new Answer(status, answer);
  }

  /** A bearer token for a download the guard makes (the recording content itself). */
  public String bearer() throws IOException, InterruptedException, StageMisconfiguredException {
    return "Bearer " + credentials.token().value();
  }

  private static HttpRequest request(
      String method, URI uri, JsonNode body, ClientCredentials.Token token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(VendorEndpoints.TIMEOUT)
            .header("Authorization", "Bearer " + token.value())
            .header("Accept", "application/json");
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return request
        .header("Content-Type", "application/json")
        .method(
            method,
            HttpRequest.BodyPublishers.ofByteArray(
                io.conserver.platform.vendor.VendorHttp.bytes(body)))
        .build();
  }
}
