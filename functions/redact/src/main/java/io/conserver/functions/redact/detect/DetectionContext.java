package io.conserver.functions.redact.detect;

import java.util.List;

/** What a detector may know besides the text: the names of the vCon's own parties. */
public record DetectionContext(List<String> partyNames) {
  public static final DetectionContext NONE = new DetectionContext(List.of());

  public DetectionContext {
    partyNames = List.copyOf(partyNames);
  }
}
