package io.conserver.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.testing.RepoPaths;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The light Lambda package leaves nimbus-jose-jwt out
 * (functions/aws/package/application.properties) to stay under its size budget, so ingest must
 * verify and decrypt without it: here the vCon library's verifier and decryptor run in a class
 * loader that cannot see Nimbus at all, on the WG draft's signed and encrypted examples. A Nimbus
 * class touched on these paths would fail here with NoClassDefFoundError, as it would in Lambda.
 */
class CloudPackageFitTest {
  private static final Path WG = RepoPaths.resolve("shared/vcon/src/test/resources/wg");

  @Test
  void verifyAndDecrypt_runWithoutNimbusOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("nimbus-jose-jwt")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader withoutNimbus =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(catchClassNotFound(() -> withoutNimbus.loadClass("com.nimbusds.jose.JWSObject")))
          .isTrue();

      Object codec =
          withoutNimbus.loadClass("io.conserver.vcon.VconJson").getMethod("codec").invoke(null);
      Class<?> pem = withoutNimbus.loadClass("io.conserver.vcon.crypto.Pem");
      Object anchors =
          pem.getMethod("parseCertificates", String.class)
              .invoke(null, Files.readString(WG.resolve("certs/fake_ca_root.crt")));
      Object key =
          pem.getMethod("parsePrivateKey", String.class)
              .invoke(null, Files.readString(WG.resolve("certs/fake_grp.key")));
      Object encrypted =
          codec
              .getClass()
              .getMethod("read", byte[].class)
              .invoke(
                  codec, Files.readAllBytes(WG.resolve("examples/ab_call_ext_rec_encrypted.vcon")));

      Class<?> jsonNode = withoutNimbus.loadClass("com.fasterxml.jackson.databind.JsonNode");
      Class<?> decryptorClass = withoutNimbus.loadClass("io.conserver.vcon.crypto.VconDecryptor");
      Object decryptor =
          decryptorClass.getMethod("withKey", java.security.PrivateKey.class).invoke(null, key);
      Object signed = decryptorClass.getMethod("decrypt", jsonNode).invoke(decryptor, encrypted);

      Class<?> verifierClass = withoutNimbus.loadClass("io.conserver.vcon.crypto.VconVerifier");
      Object verifier = verifierClass.getMethod("trusting", List.class).invoke(null, anchors);
      Object result =
          verifierClass
              .getMethod("verify", jsonNode, Instant.class)
              .invoke(verifier, signed, Instant.parse("2026-11-26T00:00:00Z"));
      assertThat(result.getClass().getMethod("valid").invoke(result)).isEqualTo(true);
      assertThat((String) result.getClass().getMethod("reason").invoke(result))
          .startsWith("valid: signed by CN=grp.div.fakevcon.io");
    }
  }

  private static boolean catchClassNotFound(ThrowingRunnable load) {
    try {
      load.run();
      return false;
    } catch (ClassNotFoundException e) {
      return true;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
