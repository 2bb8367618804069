package io.conserver.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.testing.LocalTenant;
import io.conserver.testing.TestVcons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka consumer against a real broker (in-process KRaft, {@link KraftBroker}), assembled from
 * settings exactly as its {@code main} does, running a one-stage pipeline on a bucket on disk.
 * Messages are bucket notifications as MinIO publishes them to its Kafka target.
 *
 * <p>Proves: commit only after the output (or quarantine record) is written; a duplicate
 * notification writes once; poison and invalid input are quarantined and committed, not
 * dead-lettered; a transient failure is retried (bucket attempt markers) and quarantined at the
 * bound; a record that cannot be handled at the bound (store unreachable) lands on the dead-letter
 * topic with its reason, then is committed. Does not prove MinIO's publisher or a multi-broker
 * cluster's rebalances.
 */
class KafkaStageConsumerTest {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  @TempDir static Path brokerDir;
  private static KraftBroker broker;
  private static Admin admin;
  private static KafkaProducer<byte[], byte[]> producer;

  @TempDir Path bucketRoot;
  private LocalTenant tenant;
  private String topic;
  private String group;
  private KafkaStageConsumer consumer;
  private Thread loop;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KraftBroker.start(brokerDir);
    Properties client = new Properties();
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    admin = Admin.create(client);
    producer = new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopBroker() {
    producer.close();
    admin.close();
    broker.close();
  }

  @BeforeEach
  void startConsumer() throws Exception {
    tenant = new LocalTenant(bucketRoot);
    topic = "conserver.acme.default.relay." + TOPICS.incrementAndGet();
    group = "conserver-acme-default-relay-" + TOPICS.get();
    admin
        .createTopics(
            List.of(
                new NewTopic(topic, 1, (short) 1),
                new NewTopic(topic + ".dead-letter", 1, (short) 1)))
        .all()
        .get();
    Map<String, String> settings = new HashMap<>(tenant.settings());
    settings.put("conserver.kafka.bootstrap-servers", broker.bootstrapServers());
    settings.put("conserver.kafka.topic", topic);
    settings.put("conserver.kafka.group", group);
    settings.put("conserver.retry-backoff-ms", "20");
    consumer =
        KafkaStageConsumer.fromSettings(
            new FunctionSettings(name -> Optional.ofNullable(settings.get(name))));
    loop = new Thread(consumer, "kafka-stage-consumer");
    loop.start();
  }

  @AfterEach
  void stopConsumer() throws InterruptedException {
    consumer.close();
    loop.join(30_000);
  }

  private void send(byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, value)).get();
  }

  private long committed() throws Exception {
    OffsetAndMetadata offset =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get()
            .get(new TopicPartition(topic, 0));
    return offset == null ? 0 : offset.offset();
  }

  private void awaitCommitted(long offset) {
    await().atMost(Duration.ofSeconds(60)).until(() -> committed() == offset);
  }

  private long deadLettered() throws Exception {
    TopicPartition partition = new TopicPartition(topic + ".dead-letter", 0);
    return admin
        .listOffsets(Map.of(partition, OffsetSpec.latest()))
        .partitionResult(partition)
        .get()
        .offset();
  }

  @Test
  void duplicateNotification_writesOnce_andBothAreCommitted() throws Exception {
    TestVcons.Vcon vcon = TestVcons.vcon("through kafka");
    byte[] notification = tenant.drop(vcon);

    send(notification);
    send(notification);

    awaitCommitted(2);
    assertThat(tenant.store().head(LocalTenant.outputKey(vcon.uuid()))).isPresent();
    assertThat(tenant.store().list("vcons/default/relay/")).hasSize(1);
    assertThat(tenant.store().list("ledger/" + vcon.uuid() + "/")).hasSize(1);
    assertThat(deadLettered()).isZero();
  }

  @Test
  void poisonInvalidAndFlaky_areQuarantinedAndCommitted_noneDeadLettered() throws Exception {
    TestVcons.Vcon invalid = TestVcons.vcon("invalid");
    TestVcons.Vcon flaky = TestVcons.vcon("flaky");

    send("{\"Records\":[{\"eventSource\":\"minio:s3\",\"s3\":".getBytes(StandardCharsets.UTF_8));
    send(tenant.drop(invalid));
    send(tenant.drop(flaky));

    awaitCommitted(3);
    assertThat(tenant.store().list("quarantine/default/relay/")).hasSize(3);
    // The flaky input was tried up to the stage's bound, counted in the bucket.
    assertThat(tenant.store().list("attempts/default/relay/"))
        .hasSize(LocalTenant.MAX_RECEIVE_COUNT);
    assertThat(tenant.store().list("vcons/")).isEmpty();
    assertThat(deadLettered()).isZero();
  }

  @Test
  void storeUnreachable_isDeadLetteredAtTheBound_withItsReason_thenCommitted() throws Exception {
    TestVcons.Vcon vcon = TestVcons.vcon("store down");
    byte[] notification = tenant.drop(vcon);
    tenant.storeDown();
    try {
      send(notification);
      awaitCommitted(1);
    } finally {
      tenant.storeBack();
    }
    assertThat(deadLettered()).isEqualTo(1);
    ConsumerRecord<byte[], byte[]> dead = readDeadLetter();
    assertThat(dead.value()).isEqualTo(notification);
    assertThat(header(dead, KafkaStageConsumer.REASON_HEADER)).contains("attempt 3 of 3");
    assertThat(header(dead, KafkaStageConsumer.ATTEMPTS_HEADER)).isEqualTo("3");
    assertThat(header(dead, KafkaStageConsumer.ORIGIN_HEADER)).isEqualTo(topic + "/0/0");
    assertThat(tenant.store().list("vcons/")).isEmpty();
  }

  private ConsumerRecord<byte[], byte[]> readDeadLetter() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> reader =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic + ".dead-letter", 0);
      reader.assign(List.of(partition));
      reader.seekToBeginning(List.of(partition));
      List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
              });
      return records.get(0);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
