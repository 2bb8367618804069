package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.vendor.TeamsGraph;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions;
import io.conserver.functions.ingest.vendor.TeamsSubscriptions.Subscription;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.local.config.LocalConfig;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "teams",
    mixinStandardHelpOptions = true,
    description = {
      "Microsoft Graph subscriptions that deliver Teams recording notifications to the webhook",
      "(POST /v1/TENANT/sources/teams). Graph credentials: the ingest stage's",
      "options.fetch_media.teams of --pipeline; client state: the tenant's",
      "webhooks.teams.client_state_ref in DATA/config.json. Subscriptions last 55 minutes:",
      "`conserver run` renews them every 10 minutes; where it does not run, run",
      "`conserver teams renew` every 10 minutes from cron. Their ids and expiries are kept",
      "in the tenant's bucket, " + TeamsSubscriptionKeeper.STATE + "."
    },
    subcommands = {
      TeamsCommand.Subscribe.class,
      TeamsCommand.Renew.class,
      TeamsCommand.ListSubscriptions.class,
      TeamsCommand.Unsubscribe.class
    })
final class TeamsCommand extends CliCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.USAGE;
  }

  /** The keeper for --tenant with the Graph app of --pipeline's ingest stage. */
  static TeamsSubscriptionKeeper keeper(CliCommand command) {
    Workspace workspace = new Workspace(command.global());
    JsonNode settings =
        workspace
            .pipeline()
            .stage("ingest")
            .map(StageDeclaration::options)
            .map(o -> o.path("fetch_media").path("teams"))
            .filter(JsonNode::isObject)
            .orElseThrow(
                () ->
                    new UserError(
                        "pipeline '"
                            + command.global().pipeline()
                            + "' has no "
                            + TeamsGraph.OPTION
                            + " (the Graph app's tenant_id, client_id, client_secret_ref)"));
    try {
      return new TeamsSubscriptionKeeper(
          workspace.tenant().store(),
          new TeamsSubscriptions(settings, SecretRefs.system(), VendorEndpoints.production()),
          Clock.systemUTC());
    } catch (StageMisconfiguredException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The tenant's webhook client state, resolved from its reference in DATA/config.json. */
  static String clientState(CliCommand command) {
    String tenant = command.global().tenant();
    java.nio.file.Path file = LocalConfig.file(ApiKeyCommand.data(command));
    JsonNode ref =
        Files.isRegularFile(file)
            ? readJson(file)
                .path("tenants")
                .path(tenant)
                .path("webhooks")
                .path("teams")
                .path("client_state_ref")
            : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    if (!ref.isTextual()) {
      throw new UserError(
          file + ": set tenants." + tenant + ".webhooks.teams.client_state_ref (e.g. env:NAME)");
    }
    try {
      return SecretRefs.system().resolve("webhooks.teams.client_state_ref", ref.asText());
    } catch (SecretReferenceException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** Runs a Graph action, turning its failures into one-line errors. */
  interface GraphAction<T> {
    T run() throws IOException, InterruptedException, StageMisconfiguredException;
  }

  static <T> T graph(GraphAction<T> action) {
    try {
      return action.run();
    } catch (IOException | StageMisconfiguredException e) {
      throw new UserError(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }

  @Command(
      name = "subscribe",
      mixinStandardHelpOptions = true,
      description = {
        "Create a subscription (changeType created, resource " + TeamsSubscriptions.RESOURCE + ")",
        "delivering notifications and lifecycle notifications to --url. Graph first POSTs a",
        "validationToken there, so the server must be reachable from the internet."
      })
  static final class Subscribe extends CliCommand {
    @Option(
        names = "--url",
        required = true,
        paramLabel = "URL",
        description = "The public https url of the webhook: https://HOST/v1/TENANT/sources/teams")
    String url;

    @Override
    public Integer call() {
      if (!url.startsWith("https://")) {
        throw new UserError("--url must be an https url (Graph delivers only over https)");
      }
      String state = clientState(this);
      Subscription s = graph(() -> keeper(this).subscribe(url, state));
      out().println(s.id() + " expires " + s.expires());
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "renew",
      mixinStandardHelpOptions = true,
      description = {
        "Renew the tenant's subscriptions expiring within --within, and those a lifecycle",
        "notification flagged (reauthorizationRequired, missed); re-create those Graph removed",
        "(subscriptionRemoved, or 404 on renewal). Prints one line per action."
      })
  static final class Renew extends CliCommand {
    @Option(
        names = "--within",
        paramLabel = "MINUTES",
        defaultValue = "20",
        description = "Renew what expires within this many minutes (default: ${DEFAULT-VALUE}).")
    int within;

    @Override
    public Integer call() {
      String state = clientState(this);
      TeamsSubscriptionKeeper.Renewal renewal =
          graph(() -> keeper(this).renewDue(Duration.ofMinutes(within), state));
      printTo(this, renewal.lines());
      if (renewal.failed() > 0) {
        throw new UserError("teams renew: " + renewal.summary());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "The tenant's saved subscriptions (id, expiry, url); --graph lists what Graph has for",
        "the app instead (every deployment using the same app)."
      })
  static final class ListSubscriptions extends CliCommand {
    @Option(names = "--graph", description = "Ask Graph instead of the saved state.")
    boolean atGraph;

    @Override
    public Integer call() {
      TeamsSubscriptionKeeper keeper = keeper(this);
      List<Subscription> all = graph(() -> atGraph ? keeper.atGraph() : keeper.saved());
      for (Subscription s : all) {
        out().println(s.id() + "\t" + s.expires() + "\t" + s.notificationUrl());
      }
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "unsubscribe",
      mixinStandardHelpOptions = true,
      description = "Delete the tenant's saved subscriptions at Graph and forget them.")
  static final class Unsubscribe extends CliCommand {
    @Override
    public Integer call() {
      printTo(this, graph(() -> keeper(this).unsubscribe()));
      return ExitCodes.OK;
    }
  }

  private static void printTo(CliCommand command, List<String> lines) {
    lines.forEach(command.out()::println);
    command.out().flush();
  }
}
