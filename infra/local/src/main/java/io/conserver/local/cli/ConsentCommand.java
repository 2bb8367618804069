package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.local.runtime.TenantErase;
import io.conserver.local.runtime.TenantLifecycle;
import io.conserver.platform.consent.ConsentRevocations;
import io.conserver.platform.consent.ConsentService;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "consent",
    mixinStandardHelpOptions = true,
    description = "Consent revocations: what each pipeline's consent_revoked_action does.",
    subcommands = {ConsentCommand.Revoke.class, ConsentCommand.ListRevocations.class})
final class ConsentCommand extends CliCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Record that a party revoked consent (only the HMAC of the identifier is stored), then",
        "per pipeline: stop (later stages skip the party's conversations from now on) or erase",
        "(every conversation of the party is erased, with a signed receipt, as `erase` does)."
      })
  static final class Revoke extends CliCommand {
    @Option(
        names = "--party",
        paramLabel = "ID",
        required = true,
        description = "The party: tel:+15551234567, mailto:a@example.com, sip:..., name:...")
    String party;

    @Override
    public Integer call() throws Exception {
      Workspace workspace = new Workspace(global());
      ConsentService consent =
          TenantLifecycle.consent(workspace.tenant(), workspace.pipelines(), Clock.systemUTC());
      ConsentService.Revocation revocation;
      try {
        revocation = consent.revoke(party);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      out().printf("revoked    party hmac %s%n", revocation.partyHmac());
      revocation
          .actions()
          .forEach((pipeline, action) -> out().printf("pipeline   %s: %s%n", pipeline, action));
      if (revocation.eraseRequest().isEmpty()) {
        out().flush();
        return ExitCodes.OK;
      }
      String id = revocation.eraseRequest().get();
      err().println("consent: erase request " + id);
      var erase = TenantErase.service(workspace.tenant(), workspace.pipelines(), Clock.systemUTC());
      ObjectNode state;
      try {
        state = erase.run(id, message -> err().println("erase: " + message));
      } catch (Exception e) {
        throw EraseCommand.interrupted(id, e);
      }
      return EraseSummary.print(out(), state, erase.requests().receipt(id).orElseThrow());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every revocation: party HMAC, time, actions, erase request (JSON lines).")
  static final class ListRevocations extends CliCommand {
    @Override
    public Integer call() {
      Workspace workspace = new Workspace(global());
      for (JsonNode record : new ConsentRevocations(workspace.tenant().store()).list()) {
        out().println(record.toString());
      }
      out().flush();
      return ExitCodes.OK;
    }
  }
}
