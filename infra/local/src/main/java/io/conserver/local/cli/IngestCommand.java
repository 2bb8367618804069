package io.conserver.local.cli;

import io.conserver.local.runtime.LocalTenant;
import io.conserver.platform.storage.BlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Drop files into the pipeline's inbox (inbox/<pipeline>/); `conserver run` processes them.",
      "Files are recognised by content. Every file is checked first: if any is not recognised,",
      "nothing is written and the exit code is 1."
    })
final class IngestCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to ingest.")
  List<Path> files;

  @Override
  public Integer call() {
    Workspace workspace = new Workspace(global());
    String pipeline = workspace.pipeline().name();
    List<Drops.Recognised> recognised = new ArrayList<>();
    for (Path file : files) {
      recognised.add(Drops.recognise(readable(file)));
    }
    LocalTenant tenant = workspace.tenant();
    BlobStore store = tenant.store();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      var dropped = Drops.drop(store, pipeline, file, recognised.get(i));
      if (dropped.isPresent()) {
        out().println(file + ": " + recognised.get(i).kind() + " -> " + dropped.get().key());
      } else {
        out().println(file + ": already in the inbox (same content), skipped");
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
