package io.conserver.platform.outside;

import io.conserver.platform.pipeline.StageDeclaration;

/**
 * The one rule for sending conversation data outside the tenant's trust boundary: a third-party
 * service is used only when the stage's options say {@code "allow_third_party": true}, and it
 * receives a vCon that is not redacted only when the stage also declares {@code
 * "allow_unredacted_outside": true}. Each transfer is then recorded for the ledger with {@link
 * #transferRecord}: the service, what was sent (a reference, never the content) and how much.
 */
public final class ThirdPartyPolicy {
  /** The stage option that opts in to third-party services. */
  public static final String OPTION = "allow_third_party";

  private ThirdPartyPolicy() {}

  /**
   * Checks that the stage may send data of this vCon to the service.
   *
   * @param boundary where the engine sends data
   * @param service the service's name, for the message ({@code deepl})
   * @param redacted whether the vCon is a redacted copy
   */
  public static void check(
      StageDeclaration stage, TrustBoundary boundary, String service, boolean redacted)
      throws ThirdPartyNotAllowedException {
    if (boundary != TrustBoundary.THIRD_PARTY) {
      return;
    }
    if (!stage.options().path(OPTION).asBoolean(false)) {
      throw new ThirdPartyNotAllowedException(
          service
              + " is a third-party service outside the tenant's account: stage "
              + stage.name()
              + " must opt in with \"options\": {\""
              + OPTION
              + "\": true} (or use an offline or tenant-cloud engine)");
    }
    if (!redacted && !stage.allowUnredactedOutside()) {
      throw new ThirdPartyNotAllowedException(
          "the vCon is not redacted: stage "
              + stage.name()
              + " may send it to "
              + service
              + " only after a redact stage, or with \"allow_unredacted_outside\": true");
    }
  }

  /**
   * The ledger entry for one transfer, e.g. {@code sent-outside:deepl:analysis/2:245 chars}.
   *
   * @param reference what was sent, as a pointer into the vCon ({@code analysis/2})
   */
  public static String transferRecord(String service, String reference, long amount, String unit) {
    return "sent-outside:" + service + ":" + reference + ":" + amount + " " + unit;
  }
}
