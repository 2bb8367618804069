package io.conserver.platform.consent;

import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Vcon;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the stage runner asks once per stage run, before the transformation: is there a lawful basis
 * for this stage's purpose ({@link LawfulBasis}), and has a party of the conversation revoked
 * consent ({@link ConsentRevocations})? Either missing means the stage passes the vCon through
 * unchanged, recorded as skipped (an export stage therefore exports nothing). Revocations are found
 * by the HMACs of the parties' identifiers, so a deployment without the party-index key cannot see
 * them; it says so once in its log.
 */
public final class ConsentGate {
  private final PipelineDeclaration pipeline;
  private final StageDeclaration stage;
  private final Optional<PartyIndex> index;
  private final ConsentRevocations revocations;

  public ConsentGate(
      BlobStore store,
      PipelineDeclaration pipeline,
      StageDeclaration stage,
      Optional<PartyIndex> index) {
    this.pipeline = pipeline;
    this.stage = stage;
    this.index = index;
    this.revocations = new ConsentRevocations(store);
  }

  /** The basis the stage runs under, or why it is skipped. */
  public record Check(Optional<String> basis, Optional<String> skippedBecause) {}

  public Check check(Vcon vcon, Instant now) {
    LawfulBasis.Decision decision = LawfulBasis.decide(vcon, pipeline, stage.purpose(), now);
    if (!decision.allowed()) {
      return new Check(Optional.empty(), Optional.of(decision.reason()));
    }
    if (index.isPresent()) {
      List<String> revoked = revocations.revokedAmong(Holds.partyHmacs(List.of(vcon), index.get()));
      if (!revoked.isEmpty()) {
        return new Check(
            decision.basis(),
            Optional.of("consent revoked by party " + revoked.get(0) + " (HMAC)"));
      }
    }
    return new Check(decision.basis(), Optional.empty());
  }

  /** The basis alone, for the ledger record of a stage that is not gated (the first). */
  public Optional<String> basis(Vcon vcon, Instant now) {
    return LawfulBasis.decide(vcon, pipeline, stage.purpose(), now).basis();
  }
}
