package io.conserver.local.cli;

import io.conserver.local.config.LocalConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "apikey",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the tenant's API keys for the HTTP API (`conserver run` serves it).",
      "Only their SHA-256 hashes are stored, in DATA/config.json; a running server picks up",
      "changes within a few seconds."
    },
    subcommands = {
      ApiKeyCommand.Create.class,
      ApiKeyCommand.ListKeys.class,
      ApiKeyCommand.Revoke.class
    })
final class ApiKeyCommand extends CliCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  static Path data(CliCommand command) {
    return command.global().data().toAbsolutePath().normalize();
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Generate a key for --tenant and print it once on stdout (it cannot be shown again).",
        "Use it as `Authorization: Bearer KEY`."
      })
  static final class Create extends CliCommand {
    @Option(
        names = "--id",
        paramLabel = "NAME",
        description = "Name of the key, to list or revoke it (default: k1, k2...).")
    String id;

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        split = ",",
        description =
            "Extra scopes: read-original (unredacted copies; every key reads redacted ones),"
                + " erase (erase requests), admin (legal holds). Repeatable.")
    java.util.List<String> scopes = new java.util.ArrayList<>();

    @Override
    public Integer call() {
      Path data = data(this);
      LocalConfig.CreatedKey created;
      try {
        created = LocalConfig.createApiKey(data, global().tenant(), id, scopes);
      } catch (IllegalArgumentException | LocalConfig.InvalidConfigException e) {
        throw new UserError(e.getMessage());
      }
      out().println(created.key());
      out().flush();
      err()
          .println(
              "apikey: created '"
                  + created.stored().id()
                  + "' for tenant '"
                  + global().tenant()
                  + "' (its SHA-256 is in "
                  + LocalConfig.file(data)
                  + "; the key above is not stored anywhere, keep it now)");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The tenant's keys: id and creation time (never the keys).")
  static final class ListKeys extends CliCommand {
    @Override
    public Integer call() {
      java.util.List<LocalConfig.ApiKey> keys;
      try {
        keys = LocalConfig.apiKeys(data(this), global().tenant());
      } catch (LocalConfig.InvalidConfigException e) {
        throw new UserError(e.getMessage());
      }
      for (LocalConfig.ApiKey key : keys) {
        out()
            .printf(
                "%-20s %s%s%n",
                key.id(),
                key.createdAt(),
                key.scopes().isEmpty() ? "" : "  scopes: " + String.join(",", key.scopes()));
      }
      out().flush();
      err().println(keys.size() + " key(s) for tenant '" + global().tenant() + "'");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Remove the tenant's key ID; requests with it are refused from then on.")
  static final class Revoke extends CliCommand {
    @Parameters(paramLabel = "ID", description = "The key's id, as `apikey list` prints it.")
    String id;

    @Override
    public Integer call() {
      boolean removed;
      try {
        removed = LocalConfig.revokeApiKey(data(this), global().tenant(), id);
      } catch (IllegalArgumentException | LocalConfig.InvalidConfigException e) {
        throw new UserError(e.getMessage());
      }
      if (!removed) {
        throw new UserError("tenant '" + global().tenant() + "' has no key '" + id + "'");
      }
      out().println(id + ": revoked");
      return ExitCodes.OK;
    }
  }
}
