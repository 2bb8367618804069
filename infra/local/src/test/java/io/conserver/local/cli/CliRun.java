package io.conserver.local.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation captured in memory: exit code, stdout and stderr (test helper). */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ConserverCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
