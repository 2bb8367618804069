package io.conserver.platform.consent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.ErasePolicy;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.storage.BlobStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code consent revoke}: records that a party withdrew consent (by the HMAC of the identifier) and
 * carries out what each pipeline declares in {@code consent_revoked_action}. {@code stop}: the
 * record alone does it, since every later stage run asks {@link ConsentGate}. {@code erase}: an
 * erase request for the party is started through the erase engine (tenant-wide: it removes the
 * party's conversations from every pipeline, with a signed receipt); the caller runs it, and the
 * revocation record names it. Revoking again keeps the first record; while its erase request is
 * unfinished the same request is returned, and once it is done a new one finds only what arrived
 * since (the first stage still captures new conversations; later stages skip them).
 */
public final class ConsentService {
  private final ConsentRevocations revocations;
  private final Collection<PipelineDeclaration> pipelines;
  private final PartyIndex index;
  private final Optional<EraseService> erase;
  private final Clock clock;

  public ConsentService(
      BlobStore store,
      Collection<PipelineDeclaration> pipelines,
      PartyIndex index,
      Optional<EraseService> erase,
      Clock clock) {
    this.revocations = new ConsentRevocations(store);
    this.pipelines = List.copyOf(pipelines);
    this.index = index;
    this.erase = erase;
    this.clock = clock;
  }

  /** The outcome of a revocation: its record, and the erase request to run, if any. */
  public record Revocation(
      String partyHmac, Map<String, String> actions, Optional<String> eraseRequest) {}

  /**
   * Records the revocation and starts what the pipelines declare.
   *
   * @throws IllegalArgumentException when the identifier is not one ({@code tel:}, {@code mailto:},
   *     {@code sip:}, {@code name:})
   */
  public Revocation revoke(String identifier) {
    String normalised =
        PartyIdentifiers.parse(identifier)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a party identifier: use tel:+15551234567, mailto:a@example.com,"
                            + " sip:... or name:..."));
    String hmac = index.hmac(normalised);
    Map<String, String> actions = new TreeMap<>();
    pipelines.forEach(p -> actions.put(p.name(), p.consentRevokedAction()));
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("party_hmac", hmac);
    record.put("revoked_at", clock.instant().toString());
    ObjectNode actionsJson = record.putObject("actions");
    actions.forEach(actionsJson::put);
    ObjectNode stored = revocations.record(hmac, record);
    Optional<String> request = Optional.empty();
    if (actions.containsValue(PipelineDeclaration.REVOKED_ERASE)) {
      EraseService service =
          erase.orElseThrow(
              () -> new IllegalStateException("a pipeline erases on revocation: no erase engine"));
      request = Optional.of(service.start(identifier, ErasePolicy.ERASE));
      stored.put("erase_request", request.get());
      revocations.update(hmac, stored);
    }
    return new Revocation(hmac, actions, request);
  }

  public ConsentRevocations revocations() {
    return revocations;
  }
}
