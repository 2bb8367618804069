package io.conserver.vcon.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.conserver.vcon.VconJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signed and encrypted forms: only their JWS/JWE envelope is validated. */
class JoseEnvelopeTest {
  // {"alg":"RS256"}, {"alg":"RSA-OAEP","enc":"A256CBC-HS512"} and {"alg":"RSA-OAEP"}
  private static final String RS256 = "eyJhbGciOiJSUzI1NiJ9";
  private static final String OAEP_CBC = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZDQkMtSFM1MTIifQ";
  private static final String OAEP = "eyJhbGciOiJSU0EtT0FFUCJ9";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          signatures not an array    | {"payload": "e30", "signatures": {}}                                                          | /signatures                   | type
          no signature               | {"payload": "e30", "signatures": []}                                                          | /signatures                   | required
          payload padded             | {"payload": "e30=", "signatures": [{"protected": "RS256", "signature": "c2ln"}]}              | /payload                      | format.base64url
          neither header             | {"payload": "e30", "signatures": [{"signature": "c2ln"}]}                                     | /signatures/0/header          | required
          unreadable protected       | {"payload": "e30", "signatures": [{"protected": "bm90IGpzb24", "signature": "c2ln"}]}         | /signatures/0/protected       | format.jose-header
          protected without alg      | {"payload": "e30", "signatures": [{"protected": "e30", "header": {"x5c": []}, "signature": "c2ln"}]} | /signatures/0/header/alg | required
          x5u over http              | {"payload": "e30", "signatures": [{"header": {"alg": "RS256", "x5u": "http://certs.example.com/c.pem"}, "signature": "c2ln"}]} | /signatures/0/header/x5u | format.https-url
          no recipient               | {"protected": "OAEP_CBC", "iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn", "recipients": []} | /recipients                   | required
          no encrypted key           | {"protected": "OAEP_CBC", "iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn", "recipients": [{}]} | /recipients/0/encrypted_key  | required
          no iv                      | {"protected": "OAEP_CBC", "ciphertext": "Y3Q", "tag": "dGFn", "recipients": [{"encrypted_key": "a2V5"}]} | /iv              | required
          no enc anywhere            | {"protected": "OAEP", "iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn", "recipients": [{"encrypted_key": "a2V5"}]} | /unprotected | required
          no alg anywhere            | {"unprotected": {"enc": "A256CBC-HS512"}, "iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn", "recipients": [{"encrypted_key": "a2V5"}]} | /recipients/0/header | required
          unreadable JWE protected   | {"protected": "!!", "iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn", "recipients": [{"encrypted_key": "a2V5"}]} | /protected | format.jose-header
          """)
  void envelopeDefect_isReportedAtItsMember(
      String defect, String json, String pointer, String code) {
    String document =
        json.replace("\"RS256\"", "\"" + RS256 + "\"")
            .replace("\"OAEP_CBC\"", "\"" + OAEP_CBC + "\"")
            .replace("\"OAEP\"", "\"" + OAEP + "\"");

    ValidationReport report =
        VconValidator.validate(VconJson.codec().read(document), ValidationMode.STRICT);

    assertThat(report.errors())
        .as(report.toString())
        .extracting(ValidationIssue::pointer, ValidationIssue::code)
        .containsExactly(tuple(pointer, code));
  }

  @Test
  void algAndEncInPerRecipientHeaders_areEnough() {
    String json =
        """
        {"iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn",
         "recipients": [{"header": {"alg": "RSA-OAEP", "enc": "A256CBC-HS512"}, "encrypted_key": "a2V5"}]}
        """;

    ValidationReport report =
        VconValidator.validate(VconJson.codec().read(json), ValidationMode.STRICT);

    assertThat(report.isValid()).as(report.toString()).isTrue();
  }
}
