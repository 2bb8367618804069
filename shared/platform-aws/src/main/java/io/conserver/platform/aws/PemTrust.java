package io.conserver.platform.aws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust for an on-premise store whose certificate is signed by a private or self-signed CA: the
 * certificates of a PEM bundle become the only trust anchors of the S3 client (the JDK's public CAs
 * are not added, so a bundle pins the store to its own CA). Hostname verification stays on.
 */
public final class PemTrust {
  private PemTrust() {}

  /** Trust managers that accept exactly the chains anchored in the bundle's certificates. */
  public static TrustManager[] trustManagers(Path pemBundle) {
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates(pemBundle)) {
        anchors.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      return factory.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use CA bundle " + pemBundle + ": " + e, e);
    }
  }

  /** A TLS context trusting only the bundle, for HTTP clients that take a context. */
  public static SSLContext sslContext(Path pemBundle) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(pemBundle), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot build a TLS context from " + pemBundle, e);
    }
  }

  private static Collection<? extends Certificate> certificates(Path pemBundle)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pemBundle)) {
      // X.509 CertificateFactory reads a sequence of PEM blocks (text around them is allowed).
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the file");
    }
    return certificates;
  }
}
