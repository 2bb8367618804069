package io.conserver.functions.knative;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntBiFunction;

/** How a one-shot run ended: its status and what it printed on stdout and stderr. */
record Exit(int status, String out, String err) {

  /** Runs an in-process one-shot ({@code run(out, err)}) and captures both streams. */
  static Exit of(ToIntBiFunction<PrintStream, PrintStream> run) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = run.applyAsInt(print(out), print(err));
    return new Exit(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
