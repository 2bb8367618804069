package io.conserver.platform.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTPS server on 127.0.0.1 (the JDK's, with the throw-away certificate of
 * src/test/resources/tls), for fakes that the {@link GuardedFetcher} reaches over TLS: the guard's
 * policy allow-lists exactly this address and port, and its TLS factory trusts exactly this
 * certificate (hostname verification stays on: the certificate names 127.0.0.1 and localhost).
 */
public final class LoopbackHttps implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final SSLContext clientContext;

  private LoopbackHttps(HttpsServer server, ExecutorService executor, SSLContext clientContext) {
    this.server = server;
    this.executor = executor;
    this.clientContext = clientContext;
  }

  public static LoopbackHttps start() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = LoopbackHttps.class.getResourceAsStream("/tls/loopback.p12")) {
        keys.load(in, PASSWORD);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      kmf.init(keys, PASSWORD);
      SSLContext serverContext = SSLContext.getInstance("TLS");
      serverContext.init(kmf.getKeyManagers(), null, null);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("loopback", keys.getCertificate("loopback"));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext clientContext = SSLContext.getInstance("TLS");
      clientContext.init(null, tmf.getTrustManagers(), null);

      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "loopback-https");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      server.start();
      return new LoopbackHttps(server, executor, clientContext);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the loopback test certificate cannot be used", e);
    }
  }

  public LoopbackHttps route(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code https://127.0.0.1:<port>} */
  public String base() {
    return "https://127.0.0.1:" + port();
  }

  /** TLS that trusts this server's certificate only. */
  public SSLSocketFactory clientTls() {
    return clientContext.getSocketFactory();
  }

  public SSLContext clientContext() {
    return clientContext;
  }

  /** The default policy with this server's address allow-listed (https only still). */
  public FetchPolicy policy() {
    return FetchPolicy.defaults().allowForTests("127.0.0.1:" + port());
  }

  public GuardedFetcher fetcher(Path temp) {
    return new GuardedFetcher(policy(), InetAddress::getAllByName, temp, clientTls());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
