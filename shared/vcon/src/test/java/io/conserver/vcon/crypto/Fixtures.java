package io.conserver.vcon.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconJson;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Test files: the WG vectors and the keys under src/test/resources/crypto. */
final class Fixtures {
  /** Inside the validity of the WG chain (2022-06-04 .. 2032-05-26). */
  static final Instant WG_TIME = Instant.parse("2026-01-01T00:00:00Z");

  /** Inside the validity of our own test chains (2026-11-26 .. 2126-11-02). */
  static final Instant OWN_TIME = Instant.parse("2030-01-01T00:00:00Z");

  private Fixtures() {}

  static Path resource(String name) {
    URL url = Fixtures.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode wgExample(String name) {
    return VconJson.codec().read(resource("wg/examples/" + name));
  }

  static X509Certificate wgCert(String name) {
    return Pem.readCertificate(resource("wg/certs/" + name));
  }

  static PrivateKey wgKey(String name) {
    return Pem.readPrivateKey(resource("wg/certs/" + name));
  }

  static X509Certificate cert(String name) {
    return Pem.readCertificate(resource("crypto/" + name));
  }

  static List<X509Certificate> certs(String name) {
    return Pem.readCertificates(resource("crypto/" + name));
  }

  static PrivateKey key(String name) {
    return Pem.readPrivateKey(resource("crypto/" + name));
  }

  static JsonNode sampleVcon() {
    return VconJson.codec().read(resource("wg/examples/ab_call_ext_rec.vcon"));
  }
}
