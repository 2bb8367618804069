package io.conserver.functions.redact.quality;

import io.conserver.functions.redact.detect.Detectors;
import java.nio.file.Path;

/**
 * The evaluation command: precision and recall per type on a labelled set (default the held-out
 * part). {@code --misses} also lists every mistake (use it on the dev part only, so the held-out
 * part stays unseen). Run: {@code functions/redact/eval/run [dev|heldout] [--misses]}.
 */
public final class Evaluate {
  private Evaluate() {}

  public static void main(String[] args) throws Exception {
    String part = args.length > 0 && !args[0].startsWith("--") ? args[0] : "heldout";
    boolean misses = java.util.Arrays.asList(args).contains("--misses");
    Path folder = Path.of(System.getProperty("eval.dir", "functions/redact/eval"));
    Evaluation evaluation =
        Evaluation.run(Evaluation.read(folder.resolve(part + ".jsonl")), Detectors.all());
    System.out.println("redaction detectors on " + part + ".jsonl");
    System.out.print(evaluation.table());
    if (misses) {
      evaluation
          .misses()
          .forEach(m -> System.out.println(m.id() + " " + m.what() + "\n    " + m.text()));
    }
  }
}
