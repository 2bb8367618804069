package io.conserver.functions.export.sinks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * POSTs the vCon as JSON to a no-code tool (Zapier, Make, n8n), signed (see {@link
 * WebhookSignature}) with an {@code Idempotency-Key} of {@code <uuid>:<stage>}, the same on every
 * retry so the receiver can drop duplicates. A 5xx, 429 or timeout is transient (the runner retries
 * up to the stage's bound, then quarantines); any other non-2xx is a rejection (quarantined at
 * once). Redirects are not followed: a redirect could lead past the URL check.
 *
 * <p>Delete (an erase reaching this sink) sends a {@code vcon.deleted} event, {@code {"event":
 * "vcon.deleted", "uuid": ..., "deleted_at": ...}}, signed the same way, with {@code
 * Idempotency-Key: <uuid>:deleted} (the same on every retry): what the receiver did with the
 * delivery is out of its reach, so the receiver is told to remove it. A failure is thrown like an
 * export's (transient or rejected); the erase request then stays unfinished and a rerun sends the
 * event again.
 */
public final class WebhookSink implements Sink {
  public static final String DELETED_EVENT = "vcon.deleted";

  private final String name;
  private final URI url;
  private final byte[] secret;
  private final Duration timeout;
  private final HttpClient client;
  private final Clock clock;

  public WebhookSink(String name, URI url, byte[] secret, Duration timeout) {
    this(name, url, secret, timeout, Clock.systemUTC());
  }

  public WebhookSink(String name, URI url, byte[] secret, Duration timeout, Clock clock) {
    this.name = name;
    this.clock = clock;
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
    String idempotencyKey = vcon.uuid() + ":" + context.stage();
    post(vcon.toBytes(), context.at(), idempotencyKey, "the vCon");
    return SinkReceipt.of(url.getHost() + "#" + idempotencyKey);
  }

  /**
   * Signs and posts one event.
   *
   * @throws SinkRejectedException the receiver refused it (a 4xx other than 408 and 429)
   * @throws IOException a transient failure: timeout, 408, 429, 5xx
   */
  private void post(byte[] body, Instant at, String idempotencyKey, String what)
      throws IOException, InterruptedException, SinkRejectedException {
    String timestamp = String.valueOf(at.getEpochSecond());
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
      return;
    }
    if (status >= 500 || status == 429 || status == 408) {
      throw new IOException("webhook " + name + " answered " + status + "; will retry");
    }
    throw new SinkRejectedException("webhook " + name + " refused " + what + " with " + status);
  }

  /** Sends {@code vcon.deleted} for the uuid; see the class comment. */
  @Override
  public void delete(String vconUuid) throws Exception {
    Instant now = clock.instant();
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("event", DELETED_EVENT);
    event.put("uuid", vconUuid);
    event.put("deleted_at", now.toString());
    post(
        VconJson.codec().write(event),
        now,
        vconUuid + ":deleted",
        "the " + DELETED_EVENT + " event");
  }
}
