package io.conserver.platform.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One stage of a pipeline, with the defaults applied.
 *
 * @param maxReceiveCount deliveries before quarantine; Terraform uses the same number as the
 *     queue's redrive count
 */
public record StageDeclaration(
    String name,
    String function,
    ObjectNode options,
    Optional<String> purpose,
    boolean sendsOutside,
    boolean allowUnredactedOutside,
    int memoryMb,
    int timeoutSeconds,
    int maxReceiveCount,
    int concurrency) {
  public static final int DEFAULT_MEMORY_MB = 512;
  public static final int DEFAULT_TIMEOUT_S = 60;
  public static final int DEFAULT_MAX_RECEIVE_COUNT = 3;
  public static final int DEFAULT_CONCURRENCY = 2;

  public StageDeclaration {
    options = options.deepCopy();
  }

  @Override
  public ObjectNode options() {
    return options.deepCopy();
  }
}
