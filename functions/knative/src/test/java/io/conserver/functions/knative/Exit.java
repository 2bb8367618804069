package io.conserver.functions.knative;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.testing.TestBucket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
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

  /** A run while the bucket's store answers 503 to everything. */
  static Exit withStoreDown(TestBucket bucket, Supplier<Exit> run) {
    bucket.down.set(true);
    try {
      return run.get();
    } finally {
      bucket.down.set(false);
    }
  }

  /**
   * The one line a failed run printed on stderr, once its status is {@code expected}, nothing is on
   * stdout and the line holds no stack trace.
   */
  String failure(int expected) {
    assertThat(status).as(err).isEqualTo(expected);
    assertThat(out).as("stdout of a failed run").isEmpty();
    assertThat(err.lines()).as("stderr: one line").hasSize(1);
    assertThat(err).doesNotContain("\tat ");
    return err.strip();
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
