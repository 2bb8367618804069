package io.conserver.functions.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.Sink;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.functions.export.sinks.SinkRejectedException;
import io.conserver.functions.export.sinks.Sinks;
import io.conserver.functions.export.sinks.saas.SaasEnvironment;
import io.conserver.platform.pipeline.SinkDeclaration;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.vcon.Vcon;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The export stage: sends the vCon to each sink named in its options ({@code {"sinks":
 * ["warehouse"]}}), in order, and journals each export ({@code sinks/journal/<uuid>/<sink>.json})
 * so an erase can reach it. The vCon passes through unchanged as the stage output.
 *
 * <p>A vCon without a lawful basis for the stage's purpose, or of a party who revoked consent,
 * never reaches this class: the stage runner passes it through as skipped (see {@code
 * io.conserver.platform.consent.ConsentGate}), so nothing is exported. A sink that rejects the vCon
 * quarantines it; a sink that is down makes the run retry, which exports again to the sinks that
 * already succeeded: every sink is idempotent for that reason.
 */
public final class ExportTransformation implements Transformation {
  private final SecretRefs secrets;
  private final SaasEnvironment saas;

  public ExportTransformation() {
    this(SecretRefs.system());
  }

  ExportTransformation(SecretRefs secrets) {
    this(secrets, SaasEnvironment.production());
  }

  /** With the SaaS sinks pointed elsewhere (contract fakes in tests). */
  public ExportTransformation(SecretRefs secrets, SaasEnvironment saas) {
    this.secrets = secrets;
    this.saas = saas;
  }

  @Override
  public String function() {
    return "export";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    Vcon vcon = input.vcon();
    ExportArea area = input.exports();
    Sinks factory = new Sinks(secrets, area, saas);
    Instant at = input.clock().instant();
    ExportContext context =
        new ExportContext(input.tenant(), input.pipeline().name(), input.stage().name(), at);
    List<String> warnings = new ArrayList<>();
    for (SinkDeclaration declaration : declared(input)) {
      try {
        Sink sink = factory.create(declaration);
        SinkReceipt receipt = sink.export(vcon, context);
        // Journalled under the conversation id, where erase looks (a redacted copy's uuid differs).
        String conversation = input.conversationId().orElse(vcon.uuid());
        SinkJournal.record(
            area,
            conversation,
            vcon.uuid(),
            context.pipeline(),
            context.stage(),
            sink,
            receipt,
            at);
        warnings.add("exported:" + sink.name());
      } catch (SinkRejectedException e) {
        throw new InvalidInputException(
            "sink " + declaration.name() + " rejected the vCon",
            List.of(declaration.name() + ": " + e.getMessage()));
      }
    }
    return StageResult.of(vcon, warnings, Usage.NONE);
  }

  private static List<SinkDeclaration> declared(StageInput input) throws InvalidInputException {
    JsonNode names = input.options().path("sinks");
    if (!names.isArray() || names.isEmpty()) {
      throw new InvalidInputException("export stage " + input.stage().name() + " names no sinks");
    }
    List<SinkDeclaration> sinks = new ArrayList<>();
    for (JsonNode name : names) {
      SinkDeclaration declaration = input.pipeline().sinks().get(name.asText());
      if (declaration == null) { // PipelineParser checks this; a hand-built declaration may not
        throw new InvalidInputException("export stage names an undeclared sink " + name.asText());
      }
      sinks.add(declaration);
    }
    return sinks;
  }
}
