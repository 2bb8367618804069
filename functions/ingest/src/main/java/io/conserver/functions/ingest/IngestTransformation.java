package io.conserver.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import io.conserver.vcon.VconUuid;
import io.conserver.vcon.validation.ValidationIssue;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.ValidationReport;
import io.conserver.vcon.validation.VconValidator;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The first stage: accepts a vCon dropped in the pipeline's inbox, validates it leniently (what
 * real producers get wrong becomes a ledger warning, not a rejection) and normalises it so every
 * later stage can rely on a uuid and a creation time:
 *
 * <ul>
 *   <li>a canonical {@code uuid} is kept (it is the conversation id); a missing or malformed one is
 *       replaced by a UUIDv8 derived from the drop's content, so a redelivered drop gets the same
 *       id and is stored once;
 *   <li>a missing {@code created_at} is set to the drop's upload time.
 * </ul>
 *
 * Everything else is kept exactly as it came, unknown members included. What even lenient
 * validation rejects is quarantined with the validator's JSON-pointer errors.
 */
public final class IngestTransformation implements Transformation {
  /** Domain whose hash marks ids minted by Conserver (UUIDv8 custom bits). */
  static final String ID_DOMAIN = "conserver.io";

  @Override
  public String function() {
    return "ingest";
  }

  @Override
  public StageResult apply(StageInput input) throws InvalidInputException {
    JsonNode document;
    try {
      document = VconJson.codec().read(input.content());
    } catch (VconParseException e) {
      throw new InvalidInputException("not a vCon: " + e.getMessage());
    }
    if (!document.isObject()) {
      throw new InvalidInputException("not a vCon: the document is not a JSON object");
    }
    VconForm form = VconForm.of(document);
    if (form != VconForm.UNSIGNED) {
      throw new InvalidInputException(
          "a "
              + form.name().toLowerCase()
              + " vCon needs the tenant's keys to be verified or decrypted; "
              + "drop it through the vcon source, which holds them");
    }
    // Normalise first, so the validator sees what later stages will see.
    List<String> warnings = new ArrayList<>();
    Vcon.Builder normalised = Vcon.of(document).toBuilder();
    if (!document.has("uuid")) {
      String assigned = contentDerivedId(input).toString();
      normalised.set("uuid", assigned);
      warnings.add("/uuid: normalised: assigned " + assigned);
    }
    if (!document.has("created_at")) {
      normalised.set(
          "created_at", OffsetDateTime.ofInstant(input.object().lastModified(), ZoneOffset.UTC));
      warnings.add("/created_at: normalised: set to the upload time");
    }
    Vcon vcon = normalised.build();
    ValidationReport report = VconValidator.validate(vcon.toJson(), ValidationMode.LENIENT);
    if (!report.errors().isEmpty()) {
      List<String> errors = describe(report.errors());
      String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
      throw new InvalidInputException("vCon fails validation: " + errors.get(0) + more, errors);
    }
    warnings.addAll(describe(report.warnings()));
    return StageResult.of(vcon, warnings, Usage.NONE);
  }

  // Derived from the drop's bytes and its upload time: the same drop always gets the same id.
  static UUID contentDerivedId(StageInput input) {
    long millis = input.object().lastModified().toEpochMilli();
    UUID seed = new UUID(millis << 16, 0);
    return VconUuid.derive(seed, input.contentHash());
  }

  private static List<String> describe(List<ValidationIssue> issues) {
    return issues.stream().map(i -> i.pointer() + ": " + i.code() + ": " + i.message()).toList();
  }
}
