package io.conserver.platform.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every request the store's connection sends (after signing), by S3 operation name. */
final class SentRequests implements Consumer<S3Connection.Sent> {
  private final List<S3Connection.Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public void accept(S3Connection.Sent request) {
    sent.add(request);
  }

  List<S3Connection.Sent> operations(String operation) {
    return sent.stream().filter(s -> s.operation().equals(operation)).toList();
  }

  void clear() {
    sent.clear();
  }
}
