package io.conserver.functions.export.sinks;

import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * POSTs the vCon as JSON to a no-code tool (Zapier, Make, n8n), signed (see {@link
 * WebhookSignature}) with an {@code Idempotency-Key} of {@code <uuid>:<stage>}, the same on every
 * retry so the receiver can drop duplicates. A 5xx, 429 or timeout is transient (the runner retries
 * up to the stage's bound, then quarantines); any other non-2xx is a rejection (quarantined at
 * once). Redirects are not followed: a redirect could lead past the URL check.
 *
 * <p>Delete is a no-op: what a receiver did with a delivery is out of reach; the journal records
 * the delivery so an erase receipt can say where the vCon went.
 */
public final class WebhookSink implements Sink {
  private final String name;
  private final URI url;
  private final byte[] secret;
  private final Duration timeout;
  private final HttpClient client;

  public WebhookSink(String name, URI url, byte[] secret, Duration timeout) {
    this.name = name;
    this.url = url;
    this.secret = secret.clone();
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public SinkReceipt export(Vcon vcon, ExportContext context) throws Exception {
    byte[] body = vcon.toBytes();
    String timestamp = String.valueOf(context.at().getEpochSecond());
    String idempotencyKey = vcon.uuid() + ":" + context.stage();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("X-Conserver-Timestamp", timestamp)
            .header("X-Conserver-Signature", WebhookSignature.sign(secret, timestamp, body))
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<Void> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new IOException("webhook " + name + " timed out after " + timeout, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return SinkReceipt.of(url.getHost() + "#" + idempotencyKey);
    }
    if (status >= 500 || status == 429 || status == 408) {
      throw new IOException("webhook " + name + " answered " + status + "; will retry");
    }
    throw new SinkRejectedException("webhook " + name + " refused the vCon with " + status);
  }

  @Override
  public void delete(String vconUuid) {
    // Nothing to delete on our side; see the class comment.
  }
}
