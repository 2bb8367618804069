package io.conserver.functions.route.expr;

/** What an expression can ask about one vCon. */
public interface Facts {
  /** {@code duration}: seconds of recorded dialog. */
  double duration();

  int partyCount();

  int dialogCount();

  /** Objections found by the analyze stage, of one type or ({@code null}) of any. */
  int objections(String type);

  boolean tag(String name);

  boolean hasAnalysis(String type);

  /** A number in [0, 1) fixed by the conversation id, for sampling. */
  double sampleKey();
}
