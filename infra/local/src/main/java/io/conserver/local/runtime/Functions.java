package io.conserver.local.runtime;

import io.conserver.platform.runner.Transformation;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The transformations this build includes, by function name (each function module registers one).
 */
public final class Functions {
  private Functions() {}

  public static Map<String, Transformation> available() {
    Map<String, Transformation> byName = new TreeMap<>();
    for (Transformation transformation : ServiceLoader.load(Transformation.class)) {
      byName.put(transformation.function(), transformation);
    }
    return byName;
  }
}
