package io.conserver.platform.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LawfulBasisTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final Optional<String> COACHING = Optional.of("sales-coaching");

  static PipelineDeclaration pipeline(String basisDefault) {
    return PipelineParser.parse(
        ("{\"name\":\"calls\",\"stages\":[{\"name\":\"ingest\",\"function\":\"pass\"}]"
                + (basisDefault == null ? "" : ",\"lawful_basis_default\":\"" + basisDefault + "\"")
                + "}")
            .getBytes(StandardCharsets.UTF_8),
        "test");
  }

  static Vcon vcon(String... attachments) {
    return Vcon.of(
        (ObjectNode)
            VconJson.codec()
                .read(
                    ("{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc46\",\"vcon\":\"0.3.0\","
                            + "\"created_at\":\"2026-11-26T09:00:00Z\","
                            + "\"parties\":[{\"tel\":\"+15551234567\"}],"
                            + "\"attachments\":["
                            + String.join(",", attachments)
                            + "]}")
                        .getBytes(StandardCharsets.UTF_8)));
  }

  /** An attachment in the shape of draft-howe-vcon-lawful-basis-01. */
  static String lawfulBasis(String basis, String expiration, String grants) {
    return "{\"purpose\":\"lawful_basis\",\"party\":0,\"dialog\":0,\"start\":\"2026-11-26T09:00:00Z\","
        + "\"encoding\":\"json\",\"body\":{\"lawful_basis\":\""
        + basis
        + "\",\"expiration\":"
        + (expiration == null ? "null" : "\"" + expiration + "\"")
        + (grants == null ? "" : ",\"purpose_grants\":[" + grants + "]")
        + "}}";
  }

  static String grant(String purpose, boolean granted) {
    return "{\"purpose\":\""
        + purpose
        + "\",\"granted\":"
        + granted
        + ",\"granted_at\":\"2026-11-26T09:00:05Z\"}";
  }

  @Test
  void withoutAnAttachment_thePipelineDefaultApplies_andWithoutOneThereIsNone() {
    LawfulBasis.Decision withDefault =
        LawfulBasis.decide(vcon(), pipeline("legitimate_interest"), COACHING, NOW);
    LawfulBasis.Decision none = LawfulBasis.decide(vcon(), pipeline(null), COACHING, NOW);

    assertThat(withDefault.basis()).contains("legitimate_interest");
    assertThat(withDefault.source()).isEqualTo("pipeline default");
    assertThat(none.allowed()).isFalse();
    assertThat(none.reason()).contains("no lawful basis");
  }

  @Test
  void consentCoversOnlyThePurposesItGrants_andTheAttachmentOverridesTheDefault() {
    Vcon recordingOnly = vcon(lawfulBasis("consent", null, grant("recording", true)));
    Vcon coaching = vcon(lawfulBasis("consent", null, grant("sales-coaching", true)));

    assertThat(
            LawfulBasis.decide(recordingOnly, pipeline("legitimate_interest"), COACHING, NOW)
                .reason())
        .isEqualTo("no lawful basis: no consent for purpose sales-coaching");
    LawfulBasis.Decision granted = LawfulBasis.decide(coaching, pipeline(null), COACHING, NOW);
    assertThat(granted.basis()).contains("consent");
    assertThat(granted.source()).isEqualTo("attachment");
  }

  @Test
  void anExpiredBasis_orAPurposeRefused_givesNone_otherBasesNeedNoGrant() {
    Vcon expired = vcon(lawfulBasis("contract", "2026-11-01T00:00:00Z", null));
    Vcon refused = vcon(lawfulBasis("contract", null, grant("sales-coaching", false)));
    Vcon contract = vcon(lawfulBasis("legitimate_interests", "2027-01-01T00:00:00Z", ""));

    assertThat(LawfulBasis.decide(expired, pipeline(null), COACHING, NOW).reason())
        .contains("expired");
    assertThat(LawfulBasis.decide(refused, pipeline(null), COACHING, NOW).reason())
        .contains("sales-coaching is not granted");
    assertThat(LawfulBasis.decide(contract, pipeline(null), COACHING, NOW).basis())
        .contains("legitimate_interest");
  }

  @Test
  void everyPartysAttachmentMustCoverThePurpose() {
    Vcon twoParties =
        vcon(
            lawfulBasis("consent", null, grant("sales-coaching", true)),
            lawfulBasis("consent", null, grant("sales-coaching", false)));

    assertThat(LawfulBasis.decide(twoParties, pipeline("contract"), COACHING, NOW).allowed())
        .isFalse();
  }

  @Test
  void earlierShapes_aTypeMemberOrABareBasisName_areRead() {
    Vcon typed = vcon("{\"type\":\"lawful_basis\",\"body\":\"contract\",\"encoding\":\"none\"}");
    Vcon stringBody =
        vcon(
            "{\"purpose\":\"lawful_basis\",\"encoding\":\"json\","
                + "\"body\":\"{\\\"lawful_basis\\\":\\\"vital_interests\\\"}\"}");

    assertThat(LawfulBasis.decide(typed, pipeline(null), COACHING, NOW).basis())
        .contains("contract");
    assertThat(LawfulBasis.decide(stringBody, pipeline(null), COACHING, NOW).basis())
        .contains("vital_interests");
  }
}
