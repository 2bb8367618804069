package io.conserver.functions.export.sinks;

import java.util.List;

/** Where an export went: the target's own ids (row keys, object keys, a webhook delivery id). */
public record SinkReceipt(List<String> targetIds) {
  public SinkReceipt {
    targetIds = List.copyOf(targetIds);
  }

  public static SinkReceipt of(String... targetIds) {
    return new SinkReceipt(List.of(targetIds));
  }
}
