package io.conserver.local.cli;

import io.conserver.platform.storage.BlobStore;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Drop files into the pipeline's inbox (inbox/<pipeline>/); `conserver run` processes them.",
      "Files are recognised by content: vCon JSON (plain, signed, encrypted), chat transcripts,",
      "audio and video (WAV, MP3, Ogg, FLAC, MP4, WebM; a NAME.json sidecar beside NAME.wav goes",
      "along). Every file is checked first: if any is not recognised, nothing is written, exit 1."
    })
final class IngestCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to ingest.")
  List<Path> files;

  @Override
  public Integer call() {
    Workspace workspace = new Workspace(global());
    String pipeline = workspace.pipeline().name();
    List<Drops.Drop> plan = Drops.plan(files.stream().map(CliCommand::readable).toList());
    BlobStore store = workspace.tenant().store();
    for (Drops.Drop drop : plan) {
      var dropped = Drops.drop(store, pipeline, drop);
      String with = drop.sidecar().map(s -> " + sidecar " + s.getFileName()).orElse("");
      if (dropped.isPresent()) {
        out().println(drop.file() + with + ": " + drop.kind() + " -> " + dropped.get().key());
      } else {
        out().println(drop.file() + ": already in the inbox (same content), skipped");
      }
    }
    err()
        .println(
            "next: ./conserver run --once"
                + (global().data().toString().equals("conserver-data")
                    ? ""
                    : " --data " + global().data()));
    return ExitCodes.OK;
  }
}
