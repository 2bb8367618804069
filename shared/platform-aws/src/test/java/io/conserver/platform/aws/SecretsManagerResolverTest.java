package io.conserver.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.lifecycle.ReceiptKeyPem;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretValues;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The receipt key of the AWS lifecycle function, read from Secrets Manager by its ARN: the real SDK
 * client (url-connection, SigV4) against {@link FakeSecretsManager}, the service's wire contract.
 */
class SecretsManagerResolverTest {
  static final String SETTING = "conserver.receipt-key";
  static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:conserver/acme/receipt-key-AbCdEf";

  static FakeSecretsManager fake;
  static KeyPair keys;
  static String pem;

  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeAll
  static void start() throws Exception {
    fake = new FakeSecretsManager();
    keys = ReceiptSigner.generateKeyPair();
    Base64.Encoder mime = Base64.getMimeEncoder(64, new byte[] {'\n'});
    pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + mime.encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
            + mime.encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    fake.put(ARN, pem);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void listen() {
    fake.requests.clear();
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    Logger.getLogger("").removeHandler(capture);
    assertThat(logged).noneMatch(line -> line.contains("PRIVATE KEY"));
  }

  private static SecretValues values() {
    return new SecretValues(
        List.of(
            new SecretsManagerResolver(
                new SecretsManagerStrings(
                    fake.endpoint(),
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-secret"))))));
  }

  private static String resolve(SecretValues values, String value) throws SecretReferenceException {
    return values.resolve(SETTING, value, ReceiptKeyPem::isPem);
  }

  @Test
  void anArn_isFetchedOnce_andItsKeySignsReceiptsThatVerify() throws Exception {
    SecretValues values = values();

    KeyPair fetched = ReceiptKeyPem.parse(resolve(values, ARN));
    resolve(values, ARN);

    String jws =
        new ReceiptSigner(fetched).sign(new ObjectMapper().createObjectNode().put("run", "r1"));
    assertThat(ReceiptSigner.verify(jws, (java.security.interfaces.ECPublicKey) keys.getPublic()))
        .extracting(ReceiptSigner.Verification::valid)
        .isEqualTo(true);
    assertThat(fake.requests).hasSize(1);
    FakeSecretsManager.Request request = fake.requests.get(0);
    assertThat(request.target()).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(request.contentType()).isEqualTo("application/x-amz-json-1.1");
    assertThat(request.secretId()).isEqualTo(ARN);
    // Signed for the ARN's region, not the environment's.
    assertThat(request.authorization()).contains("/eu-west-1/secretsmanager/aws4_request");
  }

  @Test
  void thePemItself_isUsedAsItIs_withoutARequest() throws Exception {
    assertThat(resolve(values(), pem)).isEqualTo(pem);
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void aMalformedArn_isRefusedBeforeAnyRequest_withoutEchoingIt() {
    for (String bad :
        List.of(
            "arn:aws:secretsmanager:eu-west-1:1234:secret:x",
            "arn:aws:ssm:eu-west-1:123456789012:parameter/receipt-key",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:name with spaces")) {
      assertThatThrownBy(() -> resolve(values(), bad))
          .isInstanceOf(SecretReferenceException.class)
          .hasMessageContaining(SETTING)
          .hasMessageContaining("arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME")
          .hasMessageNotContaining(bad);
    }
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void neitherPemNorAReference_isAConfigurationError_withoutTheValue() {
    String mangled = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";

    assertThatThrownBy(() -> resolve(values(), mangled))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessageContaining(SETTING)
        .hasMessageContaining("Secrets Manager secret ARN")
        .hasMessageNotContaining(mangled);
  }

  @Test
  void aSecretThatDoesNotExist_isAConfigurationError_namingTheArn() {
    String missing = ARN.replace("receipt-key", "gone");

    assertThatThrownBy(() -> resolve(values(), missing))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessage(SETTING + ": the secret " + missing + " does not exist");
  }

  @Test
  void aSecretTheRoleMayNotRead_saysWhatToGrant_andIsNotKept() throws Exception {
    String locked = ARN.replace("receipt-key", "locked");
    fake.put(locked, pem);
    fake.deny(locked);
    SecretValues values = values();

    assertThatThrownBy(() -> resolve(values, locked))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessageContaining(SETTING)
        .hasMessageContaining("secretsmanager:GetSecretValue")
        .hasMessageContaining(locked)
        .hasMessageNotContaining("PRIVATE KEY");
    // A refusal is not remembered: once the grant is fixed, the next invocation reads the key.
    fake.allow(locked);
    assertThat(resolve(values, locked)).isEqualTo(pem);
    assertThat(fake.requests).hasSize(2);
  }

  @Test
  void theResolver_isRegisteredForTheProcessInstance() {
    // SecretValues.system() finds SecretsManagerResolver by ServiceLoader: its strict ARN check
    // answers, with no request made.
    assertThatThrownBy(() -> resolve(SecretValues.system(), "arn:aws:secretsmanager:nowhere"))
        .isInstanceOf(SecretReferenceException.class)
        .hasMessage(SETTING + " is not " + SecretsManagerResolver.FORM);
  }
}
