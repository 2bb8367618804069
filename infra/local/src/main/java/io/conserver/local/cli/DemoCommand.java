package io.conserver.local.cli;

import io.conserver.local.runtime.LocalRuntime;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the sample conversations through the default pipeline (the main job).",
      "Ingests events/conversations/ and runs every stage the pipeline declares (--pipeline to",
      "choose another) on the embedded runtime, showing progress, then a per-stage summary and",
      "where to look at the results."
    })
final class DemoCommand extends CliCommand {
  @Override
  public Integer call() throws IOException, InterruptedException {
    Workspace workspace = new Workspace(global());
    String pipeline = workspace.pipeline().name();
    Path samples = Workspace.home().resolve("events/conversations");
    List<Path> files;
    try (Stream<Path> listing = Files.list(samples)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().endsWith(".md"))
              .sorted()
              .toList();
    }
    err().println("demo: " + files.size() + " sample conversations from " + samples);
    long start = System.nanoTime();
    try (LocalRuntime runtime = workspace.runtime(new RunReport(err(), false))) {
      int dropped = 0;
      // Dropped without triggering, then picked up together: a recording and its sidecar are
      // both in the inbox before either is processed, like a batch upload.
      BlobStore quiet = workspace.tenant().store();
      for (Drops.Drop drop : Drops.plan(files)) {
        boolean isNew = Drops.drop(quiet, pipeline, drop).isPresent();
        dropped += isNew ? 1 : 0;
        String with = drop.sidecar().map(s -> " + " + s.getFileName()).orElse("");
        String what = isNew ? "dropped " : "already in the inbox: ";
        err()
            .println("demo: " + what + drop.file().getFileName() + with + " (" + drop.kind() + ")");
      }
      if (dropped == 0) {
        err()
            .println(
                "demo: these samples were processed before in "
                    + workspace.tenant().root()
                    + "; use a fresh --data DIR to watch the run again");
      }
      runtime.resume();
      runtime.awaitIdle();
      out().println();
      RunReport.printSummary(out(), runtime.stats(), (System.nanoTime() - start) / 1e9);
      printWhereToLook(workspace, runtime, pipeline);
    }
    return ExitCodes.OK;
  }

  // What the analyze stage found: each customer objection, with its speaker and where it was said.
  private void printObjections(Vcon vcon) {
    for (var analysis : vcon.analysis()) {
      if (!"objections".equals(analysis.type().orElse(""))) {
        continue;
      }
      for (var hit : analysis.body().map(b -> b.path("objections")).orElse(null)) {
        String when =
            hit.has("start")
                ? String.format(java.util.Locale.ROOT, "%.1fs", hit.path("start").asDouble())
                : "dialog " + hit.path("dialog").asInt();
        out()
            .printf(
                "      objection %-10s party %d, %-9s \"%s\"%n",
                hit.path("type").asText(),
                hit.path("party").asInt(),
                when,
                hit.path("text").asText());
      }
    }
  }

  private void printWhereToLook(Workspace workspace, LocalRuntime runtime, String pipeline) {
    var stages = workspace.pipeline().stages();
    String last = stages.get(stages.size() - 1).name();
    List<BlobMetadata> results = runtime.store().list(BucketLayout.stagePrefix(pipeline, last));
    out().println();
    out().println("conversations after the last stage (" + last + "):");
    List<String> redactedLines = new java.util.ArrayList<>();
    for (BlobMetadata result : results) {
      Vcon vcon = Vcon.parse(runtime.store().getBytes(result.key(), 64L * 1024 * 1024));
      // Listed by conversation id: a redacted copy has a uuid of its own but is stored under it.
      String id = BucketLayout.conversationIdOf(result.key()).orElse(vcon.uuid());
      out().printf("  %s  %s%n", id, vcon.subject().orElse("(no subject)"));
      printObjections(vcon);
      vcon.dialogs().stream()
          .filter(d -> d.type().orElse("").equals("text"))
          .flatMap(d -> d.body().stream())
          .map(com.fasterxml.jackson.databind.JsonNode::asText)
          .filter(text -> text.matches(".*\\[[A-Z]+].*"))
          .forEach(redactedLines::add);
    }
    if (!redactedLines.isEmpty()) {
      out().println();
      out().println("redacted chat messages (placeholders replace what was detected):");
      redactedLines.stream().limit(3).forEach(line -> out().println("  " + line));
    }
    Path bucket = workspace.tenant().bucketFolder();
    out().println();
    out().println("where to look:");
    out().println("  vCons        " + bucket.resolve("vcons/" + pipeline));
    out().println("  lineage      " + bucket.resolve("ledger") + "   (./conserver show UUID)");
    out()
        .println(
            "  quarantine   "
                + bucket.resolve("quarantine/" + pipeline)
                + "   (./conserver quarantine list)");
    out().println("  usage        " + bucket.resolve("meter"));
    out().flush();
  }
}
