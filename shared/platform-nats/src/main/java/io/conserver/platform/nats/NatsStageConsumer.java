package io.conserver.platform.nats;

import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.runner.QueueStage;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Runs one stage from a NATS JetStream stream that an S3-compatible store publishes its bucket
 * notifications to (MinIO's NATS target with JetStream on: each message is an S3-format
 * notification). A durable pull consumer per stage, explicit acks.
 *
 * <ul>
 *   <li>The message is acknowledged only after the stage's output (or its quarantine record) is
 *       written; until then JetStream redelivers it after the ack wait.
 *   <li>JetStream counts deliveries ({@code numDelivered} in the message metadata): that count goes
 *       to the runner, which quarantines at the stage's {@code max_receive_count}, and bounds the
 *       consumer ({@code max_deliver} is set one above, so a message back after the bound is seen
 *       once more and dead-lettered instead of silently dropped by the server).
 *   <li>A transient failure is negatively acknowledged with the retry backoff as delay. A message
 *       that still fails at the bound (the store unreachable: nothing could be recorded), or comes
 *       back after it, is published to the dead-letter subject (the original headers kept, the
 *       reason added) and then terminated.
 * </ul>
 *
 * <p>Configured by the deployment's settings ({@code CONSERVER_*}, see {@link #fromSettings}).
 */
public final class NatsStageConsumer implements Runnable, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(NatsStageConsumer.class.getName());

  /** Dead-letter message headers. */
  public static final String REASON_HEADER = "Conserver-Dead-Letter-Reason";

  public static final String ORIGIN_HEADER = "Conserver-Dead-Letter-Origin";
  public static final String ATTEMPTS_HEADER = "Conserver-Dead-Letter-Attempts";

  private final QueueStage stage;
  private final Connection connection;
  private final JetStream jetStream;
  private final ConsumerContext consumer;
  private final String deadLetterSubject;
  private final Duration retryBackoff;
  private volatile boolean closed;

  NatsStageConsumer(
      QueueStage stage,
      Connection connection,
      String stream,
      String subject,
      String durable,
      String deadLetterSubject,
      Duration ackWait,
      Duration retryBackoff)
      throws IOException, JetStreamApiException {
    this.stage = stage;
    this.connection = connection;
    this.deadLetterSubject = deadLetterSubject;
    this.retryBackoff = retryBackoff;
    this.jetStream = connection.jetStream();
    connection
        .jetStreamManagement()
        .addOrUpdateConsumer(
            stream,
            ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(subject)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .maxDeliver(stage.maxDeliveries() + 1L)
                .build());
    this.consumer = connection.getConsumerContext(stream, durable);
  }

  /**
   * The consumer a deployment runs, from its settings: the stage's own ({@code conserver.tenant},
   * {@code conserver.bucket}, {@code conserver.store}, {@code conserver.pipeline}, {@code
   * conserver.s3.*}…) and {@code conserver.function} (the function to run), {@code
   * conserver.nats.url}, {@code conserver.nats.stream}, {@code conserver.nats.subject} (the subject
   * the store publishes this stage's notifications to), optionally {@code conserver.nats.durable}
   * (default {@code conserver-<tenant>-<pipeline>-<stage>}), {@code
   * conserver.nats.dead-letter-subject} (default {@code <subject>.dead-letter}; a stream must
   * capture it), {@code conserver.nats.credentials} (a {@code .creds} file mounted from a secret)
   * and {@code conserver.retry-backoff-ms} (default 5000). The ack wait is the stage's timeout plus
   * 30 seconds.
   */
  public static NatsStageConsumer fromSettings(FunctionSettings settings)
      throws IOException, InterruptedException, JetStreamApiException {
    var trigger =
        new StageFunctions(settings, Clock.systemUTC())
            .trigger(settings.required("conserver.function"));
    QueueStage stage = new QueueStage(trigger);
    Options.Builder options =
        new Options.Builder()
            .server(settings.required("conserver.nats.url"))
            .connectionName("conserver-" + stage.stageName())
            .maxReconnects(-1);
    settings
        .optional("conserver.nats.credentials")
        .ifPresent(file -> options.authHandler(Nats.credentials(file)));
    String subject = settings.required("conserver.nats.subject");
    String durable =
        settings
            .optional("conserver.nats.durable")
            .orElse(
                "conserver-"
                    + settings.required("conserver.tenant")
                    + "-"
                    + settings.optional("conserver.pipeline").orElse("default")
                    + "-"
                    + stage.stageName());
    return new NatsStageConsumer(
        stage,
        Nats.connect(options.build()),
        settings.required("conserver.nats.stream"),
        subject,
        durable,
        settings.optional("conserver.nats.dead-letter-subject").orElse(subject + ".dead-letter"),
        Duration.ofSeconds(trigger.stage().timeoutSeconds() + 30L),
        Duration.ofMillis(
            Long.parseLong(settings.optional("conserver.retry-backoff-ms").orElse("5000"))));
  }

  /** Runs until the process is stopped: the Deployment's main loop. */
  public static void main(String[] args) throws Exception {
    NatsStageConsumer consumer = fromSettings(FunctionSettings.fromEnvironment());
    Runtime.getRuntime().addShutdownHook(new Thread(consumer::close));
    consumer.run();
  }

  @Override
  public void run() {
    LOG.info(() -> "stage " + stage.stageName() + " consuming from JetStream");
    while (!closed) {
      try {
        Message message = consumer.next(Duration.ofSeconds(1));
        if (message != null) {
          handle(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException
          | JetStreamApiException
          | io.nats.client.JetStreamStatusCheckedException
          | java.util.concurrent.TimeoutException
          | RuntimeException e) {
        if (!closed) {
          LOG.warning(() -> "JetStream: " + e + "; the message (if any) will be redelivered");
        }
      }
    }
  }

  private void handle(Message message)
      throws IOException,
          JetStreamApiException,
          java.util.concurrent.TimeoutException,
          InterruptedException {
    var meta = message.metaData();
    int delivered = (int) Math.min(Integer.MAX_VALUE, meta.deliveredCount());
    String id = meta.getStream() + "/" + meta.streamSequence();
    byte[] body = message.getData() == null ? new byte[0] : message.getData();
    QueueStage.Decision decision = stage.handle(body, headers(message), delivered, delivered);
    if (decision instanceof QueueStage.Decision.Retry retry) {
      LOG.warning(() -> "message " + id + " delivery " + delivered + ": " + retry.reason());
      message.nakWithDelay(retryBackoff);
      return;
    }
    if (decision instanceof QueueStage.Decision.DeadLetter deadLetter) {
      Headers headers = new Headers();
      if (message.getHeaders() != null) {
        message.getHeaders().entrySet().forEach(e -> headers.put(e.getKey(), e.getValue()));
      }
      headers.put(REASON_HEADER, deadLetter.reason());
      headers.put(ORIGIN_HEADER, id);
      headers.put(ATTEMPTS_HEADER, Integer.toString(delivered));
      jetStream.publish(deadLetterSubject, headers, body); // stored before the original goes
      LOG.warning(
          () ->
              "message "
                  + id
                  + " dead-lettered to "
                  + deadLetterSubject
                  + ": "
                  + deadLetter.reason());
      stage.recordDeadLetter(id, body, delivered, deadLetter.reason());
      message.term();
      return;
    }
    message.ackSync(Duration.ofSeconds(10));
  }

  /** NATS headers as the stage's decoder reads them (first value of each). */
  private static Map<String, String> headers(Message message) {
    Map<String, String> headers = new HashMap<>();
    if (message.getHeaders() != null) {
      message
          .getHeaders()
          .entrySet()
          .forEach(
              e -> {
                if (!e.getValue().isEmpty()) {
                  headers.put(e.getKey(), e.getValue().get(0));
                }
              });
    }
    return headers;
  }

  @Override
  public void close() {
    closed = true;
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
