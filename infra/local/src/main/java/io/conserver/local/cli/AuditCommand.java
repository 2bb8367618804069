package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.Ledger;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconUuid;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Show a conversation's data-use ledger and verify its hash chain.",
      "One JSON record per line on stdout (function, version, purpose, lawful basis, inputs and",
      "outputs by hash, time); the verdict on stderr. Exit 0 when the chain is intact, 1 when a",
      "record was changed, removed or inserted, or the conversation has no ledger."
    })
final class AuditCommand extends CliCommand {
  @Parameters(paramLabel = "UUID", description = "The conversation id.")
  String uuid;

  @Override
  public Integer call() {
    if (!VconUuid.isCanonical(uuid)) {
      throw new UserError("not a uuid: " + uuid);
    }
    Ledger ledger = new Ledger(new Workspace(global()).tenant().store());
    List<JsonNode> records = ledger.records(uuid);
    if (records.isEmpty()) {
      err().println(uuid + ": no ledger records");
      return ExitCodes.FAILED;
    }
    records.forEach(
        record ->
            out()
                .println(
                    new String(
                        VconJson.codec().write(record), java.nio.charset.StandardCharsets.UTF_8)));
    boolean intact = ledger.verifyChain(uuid);
    err()
        .println(
            uuid
                + ": "
                + records.size()
                + " record(s), hash chain "
                + (intact ? "intact" : "BROKEN: the ledger was tampered with"));
    return intact ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
