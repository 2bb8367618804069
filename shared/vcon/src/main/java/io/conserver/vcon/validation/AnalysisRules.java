package io.conserver.vcon.validation;

import io.conserver.vcon.validation.Checker.Target;

/** Analysis Object (draft section "Analysis Object"). */
final class AnalysisRules {
  private AnalysisRules() {}

  static void check(Checker c, ObjectAt analysis) {
    // The draft's type list is a SHOULD (the WG examples use "transcript-redacted"), so any string.
    c.requiredString(analysis, "type");
    c.requiredString(analysis, "vendor");
    c.string(analysis, "product");
    c.string(analysis, "schema");
    ReferenceRules.indexOrIndices(c, analysis, "dialog", Target.DIALOG);
    ReferenceRules.indexOrIndices(c, analysis, "attachment", Target.ATTACHMENTS);
    ContentRules.check(c, analysis);
  }
}
