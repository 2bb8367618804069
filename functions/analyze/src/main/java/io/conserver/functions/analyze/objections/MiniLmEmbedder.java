package io.conserver.functions.analyze.objections;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions), shipped inside its Maven jar and run in-process by
 * the ONNX runtime: no network, no download. Loading takes about 2 s, so one instance serves the
 * whole JVM (a warm function reuses it); the model is thread-safe.
 */
public final class MiniLmEmbedder implements SentenceEmbedder {
  private static final class Holder {
    static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();
  }

  private final EmbeddingModel model;

  private MiniLmEmbedder() {
    keepDjlOffline();
    model = new AllMiniLmL6V2QuantizedEmbeddingModel();
  }

  /**
   * The tokenizer comes from DJL, whose {@code Ec2Utils.callHome} otherwise asks the cloud metadata
   * service (169.254.169.254) for the instance id and, on EC2, sends it to a DJL telemetry bucket:
   * a network call out of an "offline" stage. DJL's offline mode (its native libraries are inside
   * the jar, nothing to download) and its tracking opt-out turn that off; a value the deployment
   * set explicitly is kept.
   */
  static void keepDjlOffline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }

  public static MiniLmEmbedder shared() {
    return Holder.INSTANCE;
  }

  @Override
  public float[] embed(String sentence) {
    float[] vector = model.embed(sentence).content().vector();
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < vector.length; i++) {
      vector[i] *= scale;
    }
    return vector;
  }
}
