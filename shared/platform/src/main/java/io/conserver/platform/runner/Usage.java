package io.conserver.platform.runner;

/**
 * What one stage run consumed, for per-call billing. Bytes in/out are filled by the runner; the
 * transformation reports what only it knows (seconds of audio processed).
 */
public record Usage(double audioSeconds) {
  public static final Usage NONE = new Usage(0);
}
