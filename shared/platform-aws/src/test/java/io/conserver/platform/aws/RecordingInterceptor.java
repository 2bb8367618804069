package io.conserver.platform.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Records every HTTP request the client sends (after signing), with its operation name. */
final class RecordingInterceptor implements ExecutionInterceptor {
  record Sent(String operation, SdkHttpRequest request) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    sent.add(
        new Sent(
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.httpRequest()));
  }

  List<Sent> operations(String operation) {
    return sent.stream().filter(s -> s.operation().equals(operation)).toList();
  }

  void clear() {
    sent.clear();
  }
}
