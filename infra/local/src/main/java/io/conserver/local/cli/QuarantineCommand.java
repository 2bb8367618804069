package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.local.runtime.HandledMarks;
import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
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

  static final int MAX_RECORD = 1024 * 1024;

  static BlobStore store(CliCommand command) {
    return new Workspace(command.global()).tenant().store();
  }

  /** Reads the record a reference names, or says there is none. */
  static JsonNode record(BlobStore store, String reference) {
    String key = recordKey(reference);
    if (store.head(key).isEmpty()) {
      throw new UserError("no quarantined item " + reference);
    }
    return VconJson.codec().read(store.getBytes(key, MAX_RECORD));
  }

  /** The quarantine record key for a reference printed by {@code list}. */
  static String recordKey(String reference) {
    if (!reference.matches("[a-z0-9-]+/[a-z0-9-]+/[A-Za-z0-9-]+")) {
      throw new UserError(
          "not a quarantine reference (PIPELINE/STAGE/ID, as `quarantine list` prints): "
              + reference);
    }
    return "quarantine/" + reference + ".json";
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per quarantined item: reference, time, reason.")
  static final class List extends CliCommand {
    @Override
    public Integer call() {
      BlobStore store = store(this);
      java.util.List<BlobMetadata> records = store.list("quarantine/");
      for (BlobMetadata record : records) {
        JsonNode json = VconJson.codec().read(store.getBytes(record.key(), MAX_RECORD));
        String reference =
            record
                .key()
                .substring("quarantine/".length(), record.key().length() - ".json".length());
        out()
            .printf(
                "%s  %s  %s%n",
                reference, json.path("at").asText(), json.path("error").path("message").asText());
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
      printJson(record(store(this), reference));
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
      LocalTenant tenant = new Workspace(global()).tenant();
      BlobStore store = tenant.store();
      JsonNode record = record(store, reference);
      String input = record.path("event").path("key").asText("");
      if (input.isEmpty()) {
        throw new UserError(
            reference
                + " is an undecodable event, not an input: nothing to retry (see `quarantine show`)");
      }
      String[] parts = reference.split("/");
      for (BlobMetadata attempt :
          store.list("attempts/" + parts[0] + "/" + parts[1] + "/" + parts[2] + "/")) {
        store.delete(attempt.key());
      }
      new HandledMarks(tenant).forget(parts[0], parts[1], input);
      store.delete(recordKey(reference));
      out()
          .println(
              reference + ": released; `./conserver run --once` processes " + input + " again");
      return ExitCodes.OK;
    }
  }
}
