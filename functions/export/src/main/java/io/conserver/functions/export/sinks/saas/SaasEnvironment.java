package io.conserver.functions.export.sinks.saas;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * What the SaaS sinks (Google Sheets, Salesforce) need from outside their declaration: Google's
 * fixed endpoints, the clock, how to wait between retries, and the process-wide token cache (a warm
 * function instance reuses its access tokens across invocations). Tests point the endpoints at
 * contract fakes on loopback; a pipeline declaration can never do that.
 */
public record SaasEnvironment(
    URI googleTokenUrl,
    URI sheetsApi,
    boolean loopbackForTests,
    Clock clock,
    Sleeper sleeper,
    TokenCache tokens,
    Duration timeout) {

  /** Waits between in-process retries; tests record the waits instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final TokenCache PROCESS_TOKENS = new TokenCache();

  public static SaasEnvironment production() {
    return new SaasEnvironment(
        URI.create("https://oauth2.googleapis.com/token"),
        URI.create("https://sheets.googleapis.com"),
        false,
        Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()),
        PROCESS_TOKENS,
        Duration.ofSeconds(20));
  }

  /** Google endpoints on a loopback fake, http allowed on 127.0.0.1, a fresh token cache. */
  public static SaasEnvironment forTests(
      URI googleTokenUrl, URI sheetsApi, Clock clock, Sleeper sleeper) {
    return new SaasEnvironment(
        googleTokenUrl, sheetsApi, true, clock, sleeper, new TokenCache(), Duration.ofSeconds(5));
  }
}
