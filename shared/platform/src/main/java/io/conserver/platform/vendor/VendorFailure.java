package io.conserver.platform.vendor;

import java.util.Optional;

/**
 * Why a call to a vendor's HTTP API did not produce a usable answer, for the calling stage to turn
 * into its own exception. {@code status} is 0 when no answer came (timeout, unreachable, cut off);
 * a 2xx status means the answer was not JSON. {@code description} is the standard sentence (vendor,
 * status, the vendor's scrubbed explanation); {@code vendorMessage} is that explanation alone.
 */
public record VendorFailure(
    String vendor,
    int status,
    String vendorMessage,
    String description,
    Optional<String> retryAfter,
    Throwable cause) {

  /** Whether a later attempt can succeed: no answer, a bad 2xx body, 408, 429 or 5xx. */
  public boolean retryable() {
    return status == 0 || status / 100 == 2 || status == 408 || status == 429 || status >= 500;
  }

  /** 401 or 403: the credential was refused, so only a configuration change helps. */
  public boolean credentialRefused() {
    return status == 401 || status == 403;
  }

  static VendorFailure noAnswer(String vendor, String description, Throwable cause) {
    return new VendorFailure(vendor, 0, "", description, Optional.empty(), cause);
  }

  static VendorFailure status(
      String vendor, int status, String vendorMessage, Optional<String> retryAfter) {
    String said = vendorMessage.isEmpty() ? "" : ": " + vendorMessage;
    String description;
    if (status == 401 || status == 403) {
      description = vendor + " refused the credential (" + status + ")" + said;
    } else if (status == 429) {
      description =
          vendor
              + " is rate limiting (429)"
              + retryAfter.map(v -> "; retry after " + v + " s").orElse("")
              + said;
    } else if (status == 408 || status >= 500) {
      description = vendor + " failed (" + status + ")" + said + "; will retry";
    } else {
      description = vendor + " rejected the request (" + status + ")" + said;
    }
    return new VendorFailure(vendor, status, vendorMessage, description, retryAfter, null);
  }
}
