package io.conserver.local.cli;

import io.conserver.vcon.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Print the vCon content_hash (sha512, base64url) of a file.",
      "The file is streamed: any size works in constant memory."
    })
final class HashCommand extends CliCommand {
  @Parameters(paramLabel = "FILE", description = "File to hash ('-' for standard input).")
  Path file;

  @Override
  public Integer call() throws IOException {
    boolean stdin = file.toString().equals("-");
    try (InputStream in = stdin ? System.in : Files.newInputStream(readable(file))) {
      out().println(ContentHash.sha512(in));
    }
    return ExitCodes.OK;
  }
}
