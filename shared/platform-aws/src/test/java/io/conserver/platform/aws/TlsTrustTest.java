package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A custom CA bundle for an on-premise store with a self-signed certificate: the PEM parsing and
 * trust decision, and a real TLS handshake with s3proxy serving that certificate (hostname checked
 * against the certificate's IP SAN). Certificates are made with the JDK's keytool.
 */
class TlsTrustTest {
  private static final String PASSWORD = "test-keystore-password";

  @TempDir static Path dir;
  private static Path storeCa;
  private static Path otherCa;
  private static S3ProxyServer tlsServer;

  @BeforeAll
  static void certificatesAndServer() throws Exception {
    Path keyStore = selfSigned("store", "127.0.0.1", "ip:127.0.0.1");
    storeCa = exportPem(keyStore, "store");
    otherCa = exportPem(selfSigned("other", "other.example", "dns:other.example"), "other");
    tlsServer = S3ProxyServer.tls(keyStore.toString(), PASSWORD);
  }

  @AfterAll
  static void stopServer() {
    if (tlsServer != null) {
      tlsServer.stop();
    }
  }

  @Test
  void bundle_trustsItsCertificate_andNothingElse() throws Exception {
    X509TrustManager trust = x509(PemTrust.trustManagers(storeCa));

    trust.checkServerTrusted(new X509Certificate[] {certificate(storeCa)}, "ECDHE_ECDSA");
    assertThatThrownBy(
            () ->
                trust.checkServerTrusted(
                    new X509Certificate[] {certificate(otherCa)}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThat(trust.getAcceptedIssuers()).hasSize(1);
  }

  @Test
  void bundleOfSeveralCertificates_trustsEach() throws Exception {
    Path both = dir.resolve("both.pem");
    Files.writeString(
        both,
        "# store CA\n" + Files.readString(storeCa) + "# other CA\n" + Files.readString(otherCa));

    X509TrustManager trust = x509(PemTrust.trustManagers(both));

    assertThat(trust.getAcceptedIssuers()).hasSize(2);
    trust.checkServerTrusted(new X509Certificate[] {certificate(otherCa)}, "ECDHE_ECDSA");
    assertThat(PemTrust.sslContext(both).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void emptyOrMissingBundle_failsClearly() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> PemTrust.trustManagers(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty.pem");
    assertThatThrownBy(() -> PemTrust.trustManagers(dir.resolve("missing.pem")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3ClientFactory.create(tlsSettings().withCaBundle(empty)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientWithTheBundle_talksToTheSelfSignedStore() {
    S3Settings trusting = tlsSettings().withCaBundle(storeCa);
    try (S3Client admin = tlsServer.clientBuilder(trusting).build()) {
      S3BlobStore store =
          new S3BlobStore(
              tlsServer.connection(trusting, sent -> {}), S3ProxyServer.newBucket(admin), trusting);

      store.putBytes("a/b.txt", "over tls".getBytes(StandardCharsets.UTF_8), PutOptions.BINARY);

      assertThat(store.getBytes("a/b.txt", 100)).asString().isEqualTo("over tls");
    }
  }

  @Test
  void clientWithoutTheBundle_orWithAnotherCa_refusesTheStore() {
    for (S3Settings settings : List.of(tlsSettings(), tlsSettings().withCaBundle(otherCa))) {
      S3BlobStore store =
          new S3BlobStore(tlsServer.connection(settings, sent -> {}), "any-bucket", settings);

      assertThatThrownBy(() -> store.head("a/b.txt"))
          .isInstanceOf(StorageException.class)
          .satisfies(
              e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
    }
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static S3Settings tlsSettings() {
    return S3Settings.compatible(tlsServer.endpoint());
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    assertThat(managers).singleElement().isInstanceOf(X509TrustManager.class);
    return (X509TrustManager) managers[0];
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static Path selfSigned(String alias, String cn, String san) throws Exception {
    Path keyStore = dir.resolve(alias + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + cn,
        "-ext",
        "san=" + san,
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    return keyStore;
  }

  private static Path exportPem(Path keyStore, String alias) throws Exception {
    Path pem = dir.resolve(alias + ".pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        alias,
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-file",
        pem.toString());
    return pem;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }
}
