package io.conserver.platform.kafka;

import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.platform.funqy.StageFunctions;
import io.conserver.platform.runner.QueueStage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs one stage from the Kafka topic an S3-compatible store publishes its bucket notifications to
 * (MinIO's and Ceph RGW's Kafka notification targets: the record value is an S3-format
 * notification). One consumer group per stage; each partition is handled in order.
 *
 * <ul>
 *   <li>The offset is committed only after the stage's output (or its quarantine record) is
 *       written: a crash before that redelivers, and the stage's conditional writes make the
 *       redelivery harmless.
 *   <li>Kafka keeps no delivery count. The runner counts attempts in the bucket (markers that
 *       survive restarts and rebalances) and quarantines at the stage's {@code max_receive_count};
 *       this consumer counts its own attempts per record for the dead-letter bound.
 *   <li>A transient failure seeks back to the record and pauses its partition for the retry
 *       backoff. A record that still fails at the bound (the store unreachable: nothing could be
 *       recorded) is published to the dead-letter topic with the reason in headers, then committed.
 * </ul>
 *
 * <p>Configured by the deployment's settings ({@code CONSERVER_*}, see {@link #fromSettings}).
 */
public final class KafkaStageConsumer implements Runnable, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaStageConsumer.class.getName());

  /** Dead-letter record headers (the original record's headers are kept too). */
  public static final String REASON_HEADER = "conserver-dead-letter-reason";

  public static final String ORIGIN_HEADER = "conserver-dead-letter-origin";
  public static final String ATTEMPTS_HEADER = "conserver-dead-letter-attempts";

  private final QueueStage stage;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final String deadLetterTopic;
  private final Duration retryBackoff;
  private final Map<String, Integer> attempts = new HashMap<>();
  private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
  private volatile boolean closed;

  public KafkaStageConsumer(
      QueueStage stage,
      Properties clientProperties,
      String group,
      String topic,
      String deadLetterTopic,
      Duration retryBackoff) {
    this.stage = stage;
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
    this.retryBackoff = retryBackoff;
    Properties consumerProperties = new Properties();
    consumerProperties.putAll(clientProperties);
    consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumerProperties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProperties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
    this.consumer =
        new KafkaConsumer<>(
            consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Properties producerProperties = new Properties();
    producerProperties.putAll(clientProperties);
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    this.producer =
        new KafkaProducer<>(
            producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The consumer a deployment runs, from its settings: the stage's own ({@code conserver.tenant},
   * {@code conserver.bucket}, {@code conserver.store}, {@code conserver.pipeline}, {@code
   * conserver.s3.*}…) and {@code conserver.function} (the function to run), {@code
   * conserver.kafka.bootstrap-servers}, {@code conserver.kafka.topic}, optionally {@code
   * conserver.kafka.group} (default {@code conserver-<tenant>-<pipeline>-<stage>}), {@code
   * conserver.kafka.dead-letter-topic} (default {@code <topic>.dead-letter}), {@code
   * conserver.kafka.client-properties} (a properties file for TLS/SASL, mounted from a secret) and
   * {@code conserver.retry-backoff-ms} (default 5000).
   */
  public static KafkaStageConsumer fromSettings(FunctionSettings settings) {
    QueueStage stage =
        new QueueStage(
            new StageFunctions(settings, Clock.systemUTC())
                .trigger(settings.required("conserver.function")));
    Properties client = new Properties();
    settings.optional("conserver.kafka.client-properties").ifPresent(f -> load(client, f));
    client.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        settings.required("conserver.kafka.bootstrap-servers"));
    String topic = settings.required("conserver.kafka.topic");
    String group =
        settings
            .optional("conserver.kafka.group")
            .orElse(
                "conserver-"
                    + settings.required("conserver.tenant")
                    + "-"
                    + settings.optional("conserver.pipeline").orElse("default")
                    + "-"
                    + stage.stageName());
    return new KafkaStageConsumer(
        stage,
        client,
        group,
        topic,
        settings.optional("conserver.kafka.dead-letter-topic").orElse(topic + ".dead-letter"),
        Duration.ofMillis(
            Long.parseLong(settings.optional("conserver.retry-backoff-ms").orElse("5000"))));
  }

  private static void load(Properties properties, String file) {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read conserver.kafka.client-properties", e);
    }
  }

  /** Runs until {@link #close()}: the Deployment's main loop. */
  public static void main(String[] args) {
    KafkaStageConsumer consumer = fromSettings(FunctionSettings.fromEnvironment());
    Runtime.getRuntime().addShutdownHook(new Thread(consumer::close));
    consumer.run();
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic));
    LOG.info(() -> "stage " + stage.stageName() + " consuming " + topic);
    try {
      while (!closed) {
        pollOnce(Duration.ofMillis(500));
      }
    } catch (WakeupException e) {
      if (!closed) {
        throw e;
      }
    } finally {
      consumer.close();
      producer.close();
    }
  }

  /** Stops the loop (from another thread); the consumer leaves its group. */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
  }

  private void pollOnce(Duration timeout) {
    resumeDuePartitions();
    ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
    Set<TopicPartition> retrying = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (retrying.contains(partition)) {
        continue; // a record before it in the partition will come back first
      }
      if (!handle(partition, record)) {
        retrying.add(partition);
      }
    }
  }

  /** Handles one record; false when it must be delivered again (its partition is rewound). */
  private boolean handle(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
    String id = record.topic() + "/" + record.partition() + "/" + record.offset();
    int attempt = attempts.merge(id, 1, Integer::sum);
    byte[] value = record.value() == null ? new byte[0] : record.value();
    QueueStage.Decision decision = stage.handle(value, headers(record), 0, attempt);
    if (decision instanceof QueueStage.Decision.Retry retry) {
      LOG.warning(() -> "record " + id + " attempt " + attempt + ": " + retry.reason());
      consumer.seek(partition, record.offset());
      consumer.pause(List.of(partition));
      pausedUntil.put(partition, System.nanoTime() + retryBackoff.toNanos());
      return false;
    }
    if (decision instanceof QueueStage.Decision.DeadLetter deadLetter) {
      deadLetter(record, id, attempt, deadLetter.reason());
    }
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
    attempts.remove(id);
    return true;
  }

  private void deadLetter(
      ConsumerRecord<byte[], byte[]> record, String id, int attempt, String reason) {
    ProducerRecord<byte[], byte[]> dead =
        new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), record.headers());
    dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add(ORIGIN_HEADER, id.getBytes(StandardCharsets.UTF_8));
    dead.headers().add(ATTEMPTS_HEADER, Integer.toString(attempt).getBytes(StandardCharsets.UTF_8));
    try {
      producer.send(dead).get(); // on the dead-letter topic before the offset moves on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering " + id, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot dead-letter " + id, e.getCause());
    }
    LOG.warning(() -> "record " + id + " dead-lettered to " + deadLetterTopic + ": " + reason);
    stage.recordDeadLetter(
        id, record.value() == null ? new byte[0] : record.value(), attempt, reason);
  }

  private void resumeDuePartitions() {
    long now = System.nanoTime();
    List<TopicPartition> due =
        pausedUntil.entrySet().stream()
            .filter(e -> e.getValue() - now <= 0)
            .map(Map.Entry::getKey)
            .toList();
    if (!due.isEmpty()) {
      consumer.resume(due);
      due.forEach(pausedUntil::remove);
    }
  }

  /**
   * Record headers as the stage's decoder reads them; CloudEvents' Kafka binding names attributes
   * {@code ce_type}, its HTTP binding (what the decoder knows) {@code ce-type}.
   */
  static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      if (header.value() == null) {
        continue;
      }
      String name =
          header.key().startsWith("ce_") ? "ce-" + header.key().substring(3) : header.key();
      headers.put(name, new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }
}
