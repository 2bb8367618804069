package io.conserver.local.cli;

import io.conserver.local.runtime.LocalTenant;
import io.conserver.local.runtime.QuarantinedItems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description =
        "Inspect and retry what the pipelines set aside (their inputs are never changed).",
    subcommands = {
      QuarantineCommand.List.class,
      QuarantineCommand.Show.class,
      QuarantineCommand.Retry.class
    })
final class QuarantineCommand extends CliCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  static QuarantinedItems items(CliCommand command) {
    LocalTenant tenant = new Workspace(command.global()).tenant();
    return new QuarantinedItems(tenant, tenant.store());
  }

  /** The item a reference names, or a user error. */
  static QuarantinedItems.Item item(CliCommand command, String reference) {
    try {
      return items(command)
          .find(reference)
          .orElseThrow(() -> new UserError("no quarantined item " + reference));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per quarantined item: reference, time, reason.")
  static final class List extends CliCommand {
    @Override
    public Integer call() {
      java.util.List<QuarantinedItems.Item> records = items(this).list();
      for (QuarantinedItems.Item item : records) {
        out()
            .printf(
                "%s  %s  %s%n",
                item.reference(),
                item.record().path("at").asText(),
                item.record().path("error").path("message").asText());
      }
      err().println(records.size() + " quarantined item(s)");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "The whole record: event, input reference, error and details.")
  static final class Show extends CliCommand {
    @Parameters(
        paramLabel = "REF",
        description = "PIPELINE/STAGE/ID as printed by `quarantine list`.")
    String reference;

    @Override
    public Integer call() {
      printJson(item(this, reference).record());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description = {
        "Release an item for another try: its record is removed and the next `run` processes",
        "its input again (fix the input or the pipeline first). Undecodable events cannot be retried."
      })
  static final class Retry extends CliCommand {
    @Parameters(
        paramLabel = "REF",
        description = "PIPELINE/STAGE/ID as printed by `quarantine list`.")
    String reference;

    @Override
    public Integer call() {
      item(this, reference);
      String input;
      try {
        input = items(this).release(reference);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      out()
          .println(
              reference + ": released; `./conserver run --once` processes " + input + " again");
      return ExitCodes.OK;
    }
  }
}
