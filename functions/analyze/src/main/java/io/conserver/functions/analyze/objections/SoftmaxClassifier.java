package io.conserver.functions.analyze.objections;

/**
 * Multinomial logistic regression: one weight vector and bias per class, probabilities by softmax.
 * Training is full-batch gradient descent with momentum from zero weights and a fixed number of
 * steps, so the same data always gives the same weights (no random start, no shuffling).
 */
public final class SoftmaxClassifier {
  private static final int STEPS = 400;
  private static final double LEARNING_RATE = 1.0;
  private static final double MOMENTUM = 0.9;

  private final double[][] weights;
  private final double[] bias;

  SoftmaxClassifier(double[][] weights, double[] bias) {
    if (weights.length != bias.length || weights.length < 2) {
      throw new IllegalArgumentException(
          "one weight row and one bias per class, 2 classes or more");
    }
    this.weights = weights;
    this.bias = bias;
  }

  public int classes() {
    return bias.length;
  }

  public int features() {
    return weights[0].length;
  }

  double[][] weights() {
    return weights;
  }

  double[] bias() {
    return bias;
  }

  /** Class probabilities of one feature vector (they sum to 1). */
  public double[] probabilities(double[] x) {
    if (x.length != features()) {
      throw new IllegalArgumentException("expected " + features() + " features, got " + x.length);
    }
    double[] p = new double[classes()];
    for (int k = 0; k < p.length; k++) {
      double z = bias[k];
      for (int j = 0; j < x.length; j++) {
        z += weights[k][j] * x[j];
      }
      p[k] = z;
    }
    return softmaxInPlace(p);
  }

  /**
   * Fits weights minimising the mean cross-entropy plus {@code l2 / 2 · |W|²} (the biases are not
   * penalised).
   *
   * @param x one feature vector per example
   * @param y each example's class in {@code [0, classes)}
   */
  public static SoftmaxClassifier train(double[][] x, int[] y, int classes, double l2) {
    int n = x.length;
    int d = x[0].length;
    double[][] w = new double[classes][d];
    double[] b = new double[classes];
    double[][] vw = new double[classes][d];
    double[] vb = new double[classes];
    double[][] gw = new double[classes][d];
    double[] gb = new double[classes];
    for (int step = 0; step < STEPS; step++) {
      for (int k = 0; k < classes; k++) {
        for (int j = 0; j < d; j++) {
          gw[k][j] = l2 * w[k][j];
        }
        gb[k] = 0;
      }
      SoftmaxClassifier current = new SoftmaxClassifier(w, b);
      for (int i = 0; i < n; i++) {
        double[] p = current.probabilities(x[i]);
        for (int k = 0; k < classes; k++) {
          double error = (p[k] - (y[i] == k ? 1 : 0)) / n;
          gb[k] += error;
          for (int j = 0; j < d; j++) {
            gw[k][j] += error * x[i][j];
          }
        }
      }
      for (int k = 0; k < classes; k++) {
        for (int j = 0; j < d; j++) {
          vw[k][j] = MOMENTUM * vw[k][j] - LEARNING_RATE * gw[k][j];
          w[k][j] += vw[k][j];
        }
        vb[k] = MOMENTUM * vb[k] - LEARNING_RATE * gb[k];
        b[k] += vb[k];
      }
    }
    return new SoftmaxClassifier(w, b);
  }

  private static double[] softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      z[k] = Math.exp(z[k] - max);
      sum += z[k];
    }
    for (int k = 0; k < z.length; k++) {
      z[k] /= sum;
    }
    return z;
  }
}
