package io.conserver.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.local.runtime.TenantErase;
import io.conserver.platform.erase.ErasePolicy;
import io.conserver.platform.erase.EraseRequests;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.erase.ReceiptSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Right to be forgotten: erase every conversation of a party (every stage copy, media no",
      "other conversation uses, quarantine entries, inbox drops, sink exports, index entries),",
      "then scan the tenant's data for any trace left and write a signed receipt.",
      "The request id is printed first; rerunning the same command continues an interrupted",
      "request. Exit 1 when a legal hold kept a conversation or a trace remains."
    },
    subcommands = {
      EraseCommand.Status.class,
      EraseCommand.Receipt.class,
      EraseCommand.VerifyReceipt.class,
      EraseCommand.Resume.class
    })
final class EraseCommand extends CliCommand {
  @Option(
      names = "--party",
      paramLabel = "ID",
      description = "The party: tel:+15551234567, mailto:a@example.com, sip:..., name:...")
  String party;

  @Option(
      names = "--policy",
      paramLabel = "P",
      description =
          "erase (default): whole conversations; scrub: keep the other parties' data and"
              + " rewrite each copy without the party.")
  String policy = "erase";

  @Option(names = "--dry-run", description = "Show what would be erased; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    if (party == null) {
      throw new UserError("--party is required (e.g. --party tel:+15551234567)");
    }
    ErasePolicy chosen;
    try {
      chosen = ErasePolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    EraseService service = service(this);
    if (dryRun) {
      ObjectNode plan;
      try {
        plan = service.dryRun(party, chosen);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      printJson(plan);
      err().println("erase: dry run, nothing changed");
      return ExitCodes.OK;
    }
    String id;
    try {
      id = service.start(party, chosen);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    err().println("erase: request " + id + " (policy " + chosen.label() + ")");
    long start = System.nanoTime();
    ObjectNode state;
    try {
      state = service.run(id, message -> err().println("erase: " + message));
    } catch (Exception e) {
      throw interrupted(id, e);
    }
    err().printf("erase: finished in %.2fs%n", (System.nanoTime() - start) / 1e9);
    return EraseSummary.print(out(), state, service.requests().receipt(id).orElseThrow());
  }

  static EraseService service(CliCommand command) {
    Workspace workspace = new Workspace(command.global());
    return TenantErase.service(workspace.tenant(), workspace.pipelines(), Clock.systemUTC());
  }

  /** A request that stopped (a sink or the store down): nothing is lost, a rerun finishes it. */
  static UserError interrupted(String id, Exception e) {
    return new UserError(
        "erase request "
            + id
            + " stopped before the end ("
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + "); what is done stays done: run the same command again, or `erase resume`, to"
            + " finish it");
  }

  static String checkedId(String id) {
    if (!EraseRequests.isRequestId(id)) {
      throw new UserError(
          "not an erase request id (er-YYYYMMDDTHHMMSSZ-xxxxxxxx, as `erase` printed it): " + id);
    }
    return id;
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "The request's state: its plan, what is done, the residue verdict (JSON).")
  static final class Status extends CliCommand {
    @Parameters(paramLabel = "ID", description = "The request id `erase` printed.")
    String id;

    @Override
    public Integer call() {
      EraseRequests requests = new EraseRequests(new Workspace(global()).tenant().store());
      ObjectNode state =
          requests.load(checkedId(id)).orElseThrow(() -> new UserError("no erase request " + id));
      state.remove("sealed_identifier");
      printJson(state);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "receipt",
      mixinStandardHelpOptions = true,
      description = {
        "The request's signed receipt (compact JWS) on stdout; with --verify, its payload",
        "(JSON) and the signature check against the tenant's receipt key (exit 1 if invalid)."
      })
  static final class Receipt extends CliCommand {
    @Parameters(paramLabel = "ID", description = "The request id `erase` printed.")
    String id;

    @Option(names = "--verify", description = "Verify the signature and print the payload.")
    boolean verify;

    @Override
    public Integer call() {
      Workspace workspace = new Workspace(global());
      String jws =
          new EraseRequests(workspace.tenant().store())
              .receipt(checkedId(id))
              .orElseThrow(
                  () -> new UserError("no receipt for " + id + " (unfinished or unknown request)"));
      if (!verify) {
        out().println(jws);
        return ExitCodes.OK;
      }
      return VerifyReceipt.report(this, jws, workspace);
    }
  }

  @Command(
      name = "verify-receipt",
      mixinStandardHelpOptions = true,
      description = "Verify a receipt file (compact JWS) against the tenant's receipt key.")
  static final class VerifyReceipt extends CliCommand {
    @Parameters(
        paramLabel = "FILE",
        description = "A receipt, e.g. a copy of receipts/erase/ID.jws")
    Path file;

    @Override
    public Integer call() throws Exception {
      String jws = Files.readString(readable(file), StandardCharsets.US_ASCII);
      return report(this, jws, new Workspace(global()));
    }

    static int report(CliCommand command, String jws, Workspace workspace) {
      ReceiptSigner.Verification verification =
          ReceiptSigner.verify(jws, workspace.tenant().receiptPublicKey());
      if (verification.payload() != null) {
        command.printJson(verification.payload());
      }
      command.err().println("receipt: " + verification.reason());
      return verification.valid() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Finish every erase request an interruption left unfinished.")
  static final class Resume extends CliCommand {
    @Override
    public Integer call() throws Exception {
      EraseService service = service(this);
      java.util.List<String> done;
      try {
        done = service.resumeUnfinished(message -> err().println("erase: " + message));
      } catch (Exception e) {
        throw interrupted("(resume)", e);
      }
      done.forEach(out()::println);
      err().println("erase: " + done.size() + " unfinished request(s) completed");
      return ExitCodes.OK;
    }
  }
}
