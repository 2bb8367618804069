package io.conserver.functions.analyze.objections;

/** Turns a sentence into a unit-length vector; similar meanings give a cosine close to 1. */
public interface SentenceEmbedder {
  float[] embed(String sentence);

  /** Cosine of two unit vectors (their dot product). */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
