package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The readable result of an erase request: what went, what a hold kept, the residue verdict. */
final class EraseSummary {
  private EraseSummary() {}

  /**
   * Prints the summary; returns the exit code (1 when a hold kept something or a trace remains).
   */
  static int print(PrintWriter out, JsonNode state, String jws) {
    JsonNode receipt = payload(jws);
    JsonNode totals = receipt.path("totals");
    String id = state.path("request").asText();
    out.printf("request    %s (%s)%n", id, state.path("policy").asText());
    out.printf("party      hmac %s%n", state.path("party_hmac").asText());
    out.printf(
        "%-10s %d conversation(s)%n",
        state.path("policy").asText().equals("scrub") ? "scrubbed" : "erased",
        totals.path("conversations_erased").asInt()
            + totals.path("conversations_scrubbed").asInt());
    int held = totals.path("conversations_held").asInt();
    if (held > 0) {
      List<String> which = new ArrayList<>();
      for (JsonNode c : receipt.path("conversations")) {
        if (c.path("status").asText().equals("held")) {
          which.add(c.path("id").asText() + " (hold " + c.path("held_by").path(0).asText() + ")");
        }
      }
      out.printf("held       %d conversation(s) NOT erased: %s%n", held, String.join(", ", which));
    }
    out.printf(
        "deleted    %d copies, %d media (%d kept: still used elsewhere), %d quarantine record(s),"
            + " %d inbox drop(s), %d index entries, %d sink record(s)%s%s%n",
        totals.path("copies").asInt(),
        totals.path("media_deleted").asInt(),
        totals.path("media_kept").asInt(),
        totals.path("quarantine_records").asInt(),
        totals.path("inbox_drops").asInt(),
        totals.path("index_entries").asInt(),
        totals.path("sink_records_deleted").asInt(),
        totals.path("sink_records_notified").asInt() > 0
            ? ", " + totals.path("sink_records_notified").asInt() + " receiver(s) sent vcon.deleted"
            : "",
        totals.path("sink_records_not_deletable").asInt() > 0
            ? " ("
                + totals.path("sink_records_not_deletable").asInt()
                + " not deletable: see receipt)"
            : "");
    JsonNode residue = receipt.path("residue_scan");
    long sinkRows = 0;
    for (JsonNode sink : residue.path("sinks")) {
      sinkRows += sink.path("records_scanned").asLong();
    }
    boolean clean = residue.path("clean").asBoolean();
    out.printf(
        "residue    %s (%d objects, %.1f MB in the bucket; %d sink row(s))%n",
        clean ? "none found" : residue.path("findings").size() + " object(s) still hold a trace",
        residue.path("objects_scanned").asLong(),
        residue.path("bytes_scanned").asLong() / 1e6,
        sinkRows);
    if (!clean) {
      residue
          .path("findings")
          .forEach(
              f -> out.println("           " + f.path("key").asText() + " " + f.path("forms")));
      residue
          .path("sinks")
          .forEach(
              s ->
                  s.path("findings")
                      .forEach(
                          f ->
                              out.println(
                                  "           " + s.path("sink").asText() + ": " + f.asText())));
    }
    boolean cloudPending = printCloudCopies(out, receipt);
    out.printf(
        "receipt    %s (./conserver erase receipt %s --verify)%n",
        state.path("receipt").asText(), id);
    out.flush();
    return held == 0 && clean && !cloudPending ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * One line per copy a hybrid tenant handed to its cloud bucket: its erase requested there (and
   * the cloud's answer once read) or pending; returns whether a request could not be written.
   */
  private static boolean printCloudCopies(PrintWriter out, JsonNode receipt) {
    boolean pending = false;
    for (JsonNode conversation : receipt.path("conversations")) {
      for (JsonNode copy : conversation.path("cloud_copies")) {
        String status = copy.path("status").asText();
        pending |= status.equals("pending");
        out.printf(
            "cloud      %s: %s%n",
            copy.path("destination").asText(),
            switch (status) {
              case "pending" ->
                  "erase NOT requested yet ("
                      + copy.path("detail").asText()
                      + "): `erase resume` or the next run retries";
              case "requested" ->
                  "erase requested ("
                      + copy.path("request_key").asText()
                      + "), awaiting the cloud's answer: `erase resume` reads it";
              default ->
                  status
                      + " by the cloud (request "
                      + copy.path("cloud_request").asText()
                      + ", its receipt in this one)";
            });
      }
    }
    return pending;
  }

  private static JsonNode payload(String jws) {
    String[] parts = jws.split("\\.");
    return io.conserver.vcon.VconJson.codec().read(Base64.getUrlDecoder().decode(parts[1]));
  }
}
