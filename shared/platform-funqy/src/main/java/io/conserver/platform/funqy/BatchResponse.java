package io.conserver.platform.funqy;

import java.util.List;

/**
 * The SQS partial-batch response Lambda expects with {@code ReportBatchItemFailures}: only the
 * listed messages are redelivered, so one poison message never fails its neighbours.
 */
public record BatchResponse(List<ItemFailure> batchItemFailures) {
  public record ItemFailure(String itemIdentifier) {}

  public static BatchResponse of(List<String> failedMessageIds) {
    return new BatchResponse(failedMessageIds.stream().map(ItemFailure::new).toList());
  }
}
