package io.conserver.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sign / verify / encrypt / decrypt on the WG's published vectors and keys. */
class CryptoCommandsTest {
  private static final Path WG =
      Path.of("../../shared/vcon/src/test/resources/wg").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static String wg(String relative) {
    return WG.resolve(relative).toString();
  }

  private Path save(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void verify_wgSignedExample_againstItsRoot_isValid() {
    CliRun run =
        CliRun.of(
            "verify",
            "--cert",
            wg("certs/fake_ca_root.crt"),
            wg("examples/ab_call_ext_rec_signed.vcon"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("valid, signed by CN=grp.div.fakevcon.io");
  }

  @Test
  void verify_againstAnUnrelatedRoot_failsWithTheReason() {
    CliRun run =
        CliRun.of(
            "verify",
            "--cert",
            wg("certs/fake_ca2_root.crt"),
            wg("examples/ab_call_ext_rec_signed.vcon"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("INVALID: certificate chain does not reach a trusted anchor");
  }

  @Test
  void verify_withTheSignerPinned_isValid_andPayloadPrintsThePlainVcon() {
    CliRun run =
        CliRun.of(
            "verify",
            "--payload",
            "--cert",
            wg("certs/fake_grp.crt"),
            wg("examples/ab_call_ext_rec_signed.vcon"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"uuid\": \"019f15a6-a752-826f-b9a2-279e0d16bc46\"");
  }

  @Test
  void decrypt_wgEncryptedExample_unwrapsAndVerifiesTheInnerSignature() {
    CliRun run =
        CliRun.of(
            "decrypt",
            "--key",
            wg("certs/fake_grp.key"),
            "--cert",
            wg("certs/fake_ca_root.crt"),
            wg("examples/ab_call_ext_rec_encrypted.vcon"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"name\": \"Alice\"").doesNotContain("signatures");
  }

  @Test
  void decrypt_keepSigned_printsTheJws() {
    CliRun run =
        CliRun.of(
            "decrypt",
            "--keep-signed",
            "--key",
            wg("certs/fake_grp.key"),
            wg("examples/ab_call_ext_rec_encrypted.vcon"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"signatures\"").contains("\"payload\"");
  }

  @Test
  void signEncryptDecryptVerify_roundTrip() throws Exception {
    CliRun signed =
        CliRun.of(
            "sign",
            "--key",
            wg("certs/fake_grp.key"),
            "--cert",
            wg("certs/fake_grp.crt"),
            "--cert",
            wg("certs/fake_div.crt"),
            wg("examples/ab_call_ext_rec.vcon"));
    assertThat(signed.exitCode()).isZero();
    Path signedFile = save("signed.json", signed.out());

    CliRun encrypted =
        CliRun.of("encrypt", "--cert", wg("certs/fake_grp.crt"), signedFile.toString());
    assertThat(encrypted.exitCode()).isZero();
    assertThat(encrypted.err()).isEmpty();
    Path encryptedFile = save("encrypted.json", encrypted.out());

    CliRun decrypted =
        CliRun.of(
            "decrypt",
            "--key",
            wg("certs/fake_grp.key"),
            "--cert",
            wg("certs/fake_ca_root.crt"),
            encryptedFile.toString());
    assertThat(decrypted.exitCode()).isZero();
    assertThat(decrypted.out()).contains("019f15a6-a752-826f-b9a2-279e0d16bc46");

    assertThat(
            CliRun.of("verify", "--cert", wg("certs/fake_ca_root.crt"), signedFile.toString())
                .exitCode())
        .isZero();
  }

  @Test
  void tamperedSignedVcon_failsVerification() throws Exception {
    String signed = Files.readString(Path.of(wg("examples/ab_call_ext_rec_signed.vcon")));
    int at = signed.indexOf("\"payload\": \"") + 20;
    char flipped = signed.charAt(at) == 'A' ? 'B' : 'A';
    Path tampered =
        save("tampered.json", signed.substring(0, at) + flipped + signed.substring(at + 1));

    CliRun run = CliRun.of("verify", "--cert", wg("certs/fake_ca_root.crt"), tampered.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("INVALID");
  }

  @Test
  void wrongKeyFile_isAOneLineError() throws Exception {
    CliRun run =
        CliRun.of(
            "decrypt",
            "--key",
            wg("examples/ab.vcon"),
            wg("examples/ab_call_ext_rec_encrypted.vcon"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").contains("ab.vcon").doesNotContain("\tat ");
  }

  @Test
  void decryptWithTheWrongPrivateKey_failsCleanly() {
    CliRun run =
        CliRun.of(
            "decrypt",
            "--key",
            wg("certs/fake_div.key"),
            wg("examples/ab_call_ext_rec_encrypted.vcon"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ");
  }

  @Test
  void signingAnEncryptedVcon_isRefused() {
    CliRun run =
        CliRun.of(
            "sign",
            "--key",
            wg("certs/fake_grp.key"),
            "--cert",
            wg("certs/fake_grp.crt"),
            wg("examples/ab_call_ext_rec_encrypted.vcon"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("is encrypted");
  }
}
