package io.conserver.functions.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Vcon;
import java.util.Optional;

/**
 * The lawful basis for exporting a vCon (DESIGN.md, "Consent and lawful basis"): the vCon's own
 * lawful-basis attachment decides; without one, the pipeline's {@code lawful_basis_default}.
 */
final class LawfulBasis {
  private LawfulBasis() {}

  static Optional<String> of(Vcon vcon, PipelineDeclaration pipeline) {
    for (Attachment attachment : vcon.attachments()) {
      boolean lawfulBasis =
          attachment.purpose().filter("lawful_basis"::equals).isPresent()
              || attachment.text("type").filter("lawful_basis"::equals).isPresent();
      if (lawfulBasis) {
        JsonNode body = attachment.member("body").orElse(null);
        if (body != null && body.isTextual() && !body.textValue().isBlank()) {
          return Optional.of(body.textValue());
        }
        if (body != null && body.path("lawful_basis").isTextual()) {
          return Optional.of(body.path("lawful_basis").textValue());
        }
      }
    }
    return Optional.ofNullable(pipeline.lawfulBasisDefault()).filter(b -> !b.isBlank());
  }
}
