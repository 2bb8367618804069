package io.conserver.vcon.crypto;

import static io.conserver.vcon.crypto.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
  @TempDir Path dir;

  @Test
  void readsAChainInFileOrder() {
    List<X509Certificate> chain = Pem.readCertificates(resource("crypto/ec_chain.pem"));

    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName())
        .contains("CN=Conserver Test EC Signer");
    assertThat(chain.get(1).getSubjectX500Principal().getName())
        .contains("CN=Conserver Test EC Intermediate");
  }

  @Test
  void readsTheWgVersion1Certificates() {
    X509Certificate grp = Pem.readCertificate(resource("wg/certs/fake_grp.crt"));

    assertThat(grp.getVersion()).isEqualTo(1);
  }

  @Test
  void readsPkcs8RsaAndPkcs1RsaToTheSameKey() {
    PrivateKey pkcs8 = Pem.readPrivateKey(resource("crypto/rsa_leaf.key"));
    PrivateKey pkcs1 = Pem.readPrivateKey(resource("crypto/rsa_leaf_pkcs1.key"));

    assertThat(pkcs8).isInstanceOf(RSAPrivateKey.class);
    assertThat(((RSAPrivateKey) pkcs1).getPrivateExponent())
        .isEqualTo(((RSAPrivateKey) pkcs8).getPrivateExponent());
  }

  @Test
  void readsPkcs8EcAndSec1EcToTheSameKey() {
    PrivateKey pkcs8 = Pem.readPrivateKey(resource("crypto/ec_leaf.key"));
    PrivateKey sec1 = Pem.readPrivateKey(resource("crypto/ec_leaf_sec1.key"));

    assertThat(pkcs8).isInstanceOf(ECPrivateKey.class);
    assertThat(((ECPrivateKey) sec1).getS()).isEqualTo(((ECPrivateKey) pkcs8).getS());
  }

  @Test
  void readsTheWgKeys() {
    assertThat(Pem.readPrivateKey(resource("wg/certs/fake_grp.key")))
        .isInstanceOf(RSAPrivateKey.class);
  }

  @Test
  void keyNextToCertificatesInOneFileIsFound() throws Exception {
    Path both = dir.resolve("both.pem");
    Files.writeString(
        both,
        Files.readString(resource("crypto/rsa_leaf.crt"))
            + Files.readString(resource("crypto/rsa_leaf.key")));

    assertThat(Pem.readPrivateKey(both)).isInstanceOf(RSAPrivateKey.class);
    assertThat(Pem.readCertificates(both)).hasSize(1);
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.pem");

    assertThatThrownBy(() -> Pem.readCertificates(missing))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(missing + ": file not found");
    assertThatThrownBy(() -> Pem.readPrivateKey(missing))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(missing + ": file not found");
  }

  @Test
  void directoryIsNotAPemFile() {
    assertThatThrownBy(() -> Pem.readCertificates(dir))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(dir + ": is a directory, not a PEM file");
  }

  @Test
  void garbageIsNotPem() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "this is not a certificate\n");

    assertThatThrownBy(() -> Pem.readCertificates(garbage))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(garbage + ": not a PEM file (no -----BEGIN ...----- block)");
    assertThatThrownBy(() -> Pem.readPrivateKey(garbage))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageContaining("not a PEM file");
  }

  @Test
  void badBase64InACertificateBlock() {
    String pem = "-----BEGIN CERTIFICATE-----\n@@@not base64@@@\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: the CERTIFICATE block is not valid base64");
  }

  @Test
  void base64ThatIsNotACertificate() {
    String pem = "-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: certificate 1 is not a valid X.509 certificate");
  }

  @Test
  void keyFileIsNotACertificateFile() {
    Path key = resource("crypto/rsa_leaf.key");

    assertThatThrownBy(() -> Pem.readCertificates(key))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(key + ": no PEM certificate (BEGIN CERTIFICATE) found");
  }

  @Test
  void certificateFileIsNotAKeyFile() {
    Path cert = resource("crypto/rsa_leaf.crt");

    assertThatThrownBy(() -> Pem.readPrivateKey(cert))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageStartingWith(cert + ": no PEM private key");
  }

  @Test
  void corruptKeyDoesNotLeakItsBytes() throws Exception {
    String body = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3";
    Path corrupt = dir.resolve("corrupt.key");
    Files.writeString(
        corrupt, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> Pem.readPrivateKey(corrupt))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageStartingWith(corrupt + ": ")
        .hasMessageNotContaining(body.substring(0, 12));
  }

  @Test
  void corruptPkcs1Key() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nAAECAwQ=\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: not a valid RSA private key");
  }

  @Test
  void sec1KeyWithoutCurve() {
    // SEQUENCE { INTEGER 1, OCTET STRING (1 byte) }: no [0] parameters, no EC PARAMETERS block
    String pem = "-----BEGIN EC PRIVATE KEY-----\nMAYCAQEEAQE=\n-----END EC PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "PEM text: the EC PRIVATE KEY block is not valid DER (the EC private key does not"
                + " name its curve)");
  }

  @Test
  void passwordProtectedKeysAreRefusedClearly() {
    String pkcs8 =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAEC\n-----END ENCRYPTED PRIVATE KEY-----\n";
    String legacy =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
            + "AAEC\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pkcs8))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: the private key is password-protected, which is not supported");
    assertThatThrownBy(() -> Pem.parsePrivateKey(legacy))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: the private key is password-protected, which is not supported");
  }

  @Test
  void twoKeysAreAmbiguous() throws Exception {
    String key = Files.readString(resource("crypto/rsa_leaf.key"));

    assertThatThrownBy(() -> Pem.parsePrivateKey(key + key))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: more than one private key in the file");
  }

  @Test
  void mismatchedBeginAndEnd() {
    String pem = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("PEM text: PEM block BEGIN CERTIFICATE ends with END PRIVATE KEY");
  }
}
