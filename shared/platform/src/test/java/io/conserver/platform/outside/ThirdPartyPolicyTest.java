package io.conserver.platform.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.pipeline.StageDeclaration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThirdPartyPolicyTest {
  private static StageDeclaration stage(boolean optIn, boolean unredacted) {
    ObjectNode options = JsonNodeFactory.instance.objectNode();
    if (optIn) {
      options.put("allow_third_party", true);
    }
    return new StageDeclaration(
        "translate", "translate", options, Optional.empty(), optIn, unredacted, 512, 60, 3, 2);
  }

  @Test
  void offlineAndTenantCloudEngines_needNoOptIn() {
    assertThatCode(
            () -> ThirdPartyPolicy.check(stage(false, false), TrustBoundary.OFFLINE, "x", false))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ThirdPartyPolicy.check(stage(false, false), TrustBoundary.TENANT_CLOUD, "x", false))
        .doesNotThrowAnyException();
  }

  @Test
  void thirdParty_withoutOptIn_isRefused_namingTheOption() {
    assertThatThrownBy(
            () ->
                ThirdPartyPolicy.check(
                    stage(false, false), TrustBoundary.THIRD_PARTY, "deepl", true))
        .isInstanceOf(ThirdPartyNotAllowedException.class)
        .hasMessageContaining("deepl is a third-party service")
        .hasMessageContaining("\"allow_third_party\": true");
  }

  @Test
  void thirdParty_withOptIn_getsUnredactedData_onlyWithTheSecondOptIn() {
    assertThatThrownBy(
            () ->
                ThirdPartyPolicy.check(
                    stage(true, false), TrustBoundary.THIRD_PARTY, "deepl", false))
        .isInstanceOf(ThirdPartyNotAllowedException.class)
        .hasMessageContaining("allow_unredacted_outside");
    assertThatCode(
            () ->
                ThirdPartyPolicy.check(
                    stage(true, false), TrustBoundary.THIRD_PARTY, "deepl", true))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ThirdPartyPolicy.check(
                    stage(true, true), TrustBoundary.THIRD_PARTY, "deepl", false))
        .doesNotThrowAnyException();
  }

  @Test
  void transferRecord_namesServiceReferenceAndAmount_neverContent() {
    assertThat(ThirdPartyPolicy.transferRecord("deepl", "analysis/2", 245, "chars"))
        .isEqualTo("sent-outside:deepl:analysis/2:245 chars");
  }
}
