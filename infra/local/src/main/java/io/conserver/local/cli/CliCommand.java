package io.conserver.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand: results go to {@link #out()} (stdout), diagnostics to {@link #err()}
 * (stderr), so results pipe cleanly; the global options come from the root command.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The global options, which live on the root command whatever the nesting. */
  protected GlobalOptions global() {
    CommandSpec root = spec;
    while (root.parent() != null) {
      root = root.parent();
    }
    return ((ConserverCli) root.userObject()).global;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Reads a JSON document, naming the file in any error. */
  protected static JsonNode readJson(Path file) {
    try {
      return VconJson.codec().read(readable(file));
    } catch (VconException e) {
      throw new UserError(file + ": " + e.getMessage());
    }
  }

  /** Writes a JSON document to stdout, indented for people. */
  protected void printJson(JsonNode document) {
    out().print(VconJson.codec().writePretty(document));
    out().flush();
  }

  /** The path, if it names a readable regular file; otherwise a {@link UserError}. */
  protected static Path readable(Path file) {
    if (!Files.exists(file)) {
      throw new UserError(file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new UserError(file + ": not readable");
    }
    return file;
  }
}
