package io.conserver.functions.ingest.vendor;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The vendor APIs ingest calls to find recordings (Microsoft Graph and its Azure AD token endpoint,
 * Genesys Cloud's API and login per region), the HTTP client, the clock and how to wait between
 * retries. Fixed in production; tests point every endpoint at a contract fake on loopback. A
 * pipeline declaration can never change them: a drop or an option must not be able to send a token
 * to a host of its choosing.
 */
public record VendorEndpoints(
    URI azureLogin,
    URI graph,
    Function<String, URI> genesysLogin,
    Function<String, URI> genesysApi,
    Supplier<HttpClient> http,
    Sleeper sleeper,
    Clock clock) {

  /** Waits between in-process retries; tests record the waits instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  public static VendorEndpoints production() {
    return new VendorEndpoints(
        URI.create("https://login.microsoftonline.com"),
        URI.create("https://graph.microsoft.com/v1.0"),
        region -> URI.create("https://login." + region),
        region -> URI.create("https://api." + region),
        Production::client,
        d -> Thread.sleep(d.toMillis()),
        Clock.systemUTC());
  }

  /** Every vendor at {@code base} (a loopback HTTPS fake trusted through {@code tls}). */
  public static VendorEndpoints forTests(
      String base, SSLContext tls, Sleeper sleeper, Clock clock) {
    HttpClient client = client(tls);
    return new VendorEndpoints(
        URI.create(base),
        URI.create(base + "/v1.0"),
        region -> URI.create(base),
        region -> URI.create(base),
        () -> client,
        sleeper,
        clock);
  }

  /** Built on first use: an HttpClient starts a selector thread, which most ingests never need. */
  private static final class Production {
    private static final HttpClient CLIENT = VendorEndpoints.client(null);

    static HttpClient client() {
      return CLIENT;
    }
  }

  private static HttpClient client(SSLContext tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }
}
