package io.conserver.local.cli;

import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.holds.Hold;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIndex;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description = {
      "Legal holds: a held conversation, or every conversation of a held party, is never erased",
      "or expired until the hold is released. Parties are stored by HMAC, never in clear."
    },
    subcommands = {HoldCommand.Set.class, HoldCommand.Release.class, HoldCommand.ListHolds.class})
final class HoldCommand extends CliCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  static Holds holds(CliCommand command) {
    return new Holds(new Workspace(command.global()).tenant().store());
  }

  static void print(CliCommand command, Hold hold) {
    command.out().printf("%s  %s  %s%n", hold.id(), hold.setAt(), hold.reason());
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Hold a conversation (--conversation) or a party (--party) for a case.")
  static final class Set extends CliCommand {
    static final class Target {
      @Option(names = "--conversation", paramLabel = "UUID", required = true)
      String conversation;

      @Option(
          names = "--party",
          paramLabel = "ID",
          required = true,
          description = "tel:..., mailto:..., sip:... or name:...")
      String party;
    }

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(
        names = "--case",
        paramLabel = "CASE",
        required = true,
        description = "The matter, e.g. LIT-2026-07 (letters, digits, '.', '_', '-').")
    String caseId;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        required = true,
        description = "A short note naming the case (not the person).")
    String reason;

    @Override
    public Integer call() {
      LocalTenant tenant = new Workspace(global()).tenant();
      Holds holds = new Holds(tenant.store());
      Hold hold;
      try {
        if (target.conversation != null) {
          hold =
              holds.holdConversation(
                  target.conversation.toLowerCase(java.util.Locale.ROOT),
                  caseId,
                  reason,
                  Instant.now());
        } else {
          String normalised =
              io.conserver.platform.index.PartyIdentifiers.parse(target.party)
                  .orElseThrow(
                      () ->
                          new UserError(
                              "--party: not a party identifier (tel:, mailto:, sip: or name:)"));
          String hmac = new PartyIndex(tenant.store(), tenant.partyIndexKey()).hmac(normalised);
          hold = holds.holdParty(hmac, caseId, reason, Instant.now());
        }
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      print(this, hold);
      return ExitCodes.OK;
    }
  }

  @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a hold.")
  static final class Release extends CliCommand {
    @Parameters(paramLabel = "HOLD", description = "The hold id, as `hold list` prints it.")
    String id;

    @Override
    public Integer call() {
      boolean released;
      try {
        released = holds(this).release(id);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      if (!released) {
        throw new UserError("no hold " + id);
      }
      out().println(id + ": released");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every hold of the tenant: id, time set, reason.")
  static final class ListHolds extends CliCommand {
    @Override
    public Integer call() {
      java.util.List<Hold> holds = holds(this).list();
      holds.forEach(h -> print(this, h));
      out().flush();
      err().println(holds.size() + " hold(s)");
      return ExitCodes.OK;
    }
  }
}
