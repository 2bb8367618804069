package io.conserver.platform.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.conserver.platform.funqy.FunctionSettings;
import io.conserver.testing.LocalTenant;
import io.conserver.testing.TestVcons;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NATS JetStream consumer against a real {@code nats-server} (Debian's, started by {@link
 * NatsServer} with JetStream), assembled from settings exactly as its {@code main} does, running a
 * one-stage pipeline on a bucket on disk. Messages are bucket notifications as MinIO publishes them
 * to its NATS target. Skipped, saying so, only where the binary is not installed (CI installs it).
 *
 * <p>Proves: acknowledgement only after the output (or quarantine record) is written; a duplicate
 * notification writes once; poison and invalid input are quarantined and acknowledged, not
 * dead-lettered; a transient failure is redelivered by JetStream (its delivery count reaches the
 * runner: no attempt markers) and quarantined at the bound; a message that cannot be handled at the
 * bound (store unreachable) is published to the dead-letter subject with its reason and terminated.
 * Does not prove MinIO's publisher or a clustered JetStream.
 */
class NatsStageConsumerTest {
  private static final String STREAM = "CONSERVER_ACME";
  private static final AtomicInteger SUBJECTS = new AtomicInteger();
  @TempDir static Path serverDir;
  private static NatsServer server;
  private static Connection connection;
  private static JetStream jetStream;
  private static JetStreamManagement management;

  @TempDir Path bucketRoot;
  private LocalTenant tenant;
  private String subject;
  private String durable;
  private NatsStageConsumer consumer;
  private Thread loop;

  @BeforeAll
  static void startServer() throws Exception {
    Optional<Path> binary = NatsServer.binary();
    assumeTrue(
        binary.isPresent(),
        "nats-server is not installed (apt-get install nats-server; CI installs it):"
            + " the NATS JetStream consumer tests are skipped");
    server = NatsServer.start(binary.get(), serverDir);
    connection = Nats.connect(server.url());
    jetStream = connection.jetStream();
    management = connection.jetStreamManagement();
    management.addStream(
        StreamConfiguration.builder().name(STREAM).subjects("conserver.acme.>").build());
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void startConsumer() throws Exception {
    tenant = new LocalTenant(bucketRoot);
    subject = "conserver.acme.default.relay" + SUBJECTS.incrementAndGet();
    durable = "conserver-acme-default-relay-" + SUBJECTS.get();
    Map<String, String> settings = new HashMap<>(tenant.settings());
    settings.put("conserver.nats.url", server.url());
    settings.put("conserver.nats.stream", STREAM);
    settings.put("conserver.nats.subject", subject);
    settings.put("conserver.nats.durable", durable);
    settings.put("conserver.retry-backoff-ms", "20");
    consumer =
        NatsStageConsumer.fromSettings(
            new FunctionSettings(name -> Optional.ofNullable(settings.get(name))));
    loop = new Thread(consumer, "nats-stage-consumer");
    loop.start();
  }

  @AfterEach
  void stopConsumer() throws InterruptedException {
    if (consumer != null) {
      consumer.close();
      loop.join(30_000);
    }
  }

  private long publish(byte[] data) throws Exception {
    return jetStream.publish(subject, data).getSeqno();
  }

  /** Waits until JetStream has every message up to {@code sequence} acknowledged (or ended). */
  private void awaitAcknowledged(long sequence) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              ConsumerInfo info = management.getConsumerInfo(STREAM, durable);
              return info.getAckFloor().getStreamSequence() >= sequence
                  && info.getNumAckPending() == 0
                  && info.getNumPending() == 0;
            });
  }

  private MessageInfo deadLetter() throws Exception {
    return management.getLastMessage(STREAM, subject + ".dead-letter");
  }

  @Test
  void duplicateNotification_writesOnce_andBothAreAcknowledged() throws Exception {
    TestVcons.Vcon vcon = TestVcons.vcon("through nats");
    byte[] notification = tenant.drop(vcon);

    publish(notification);
    awaitAcknowledged(publish(notification));

    assertThat(tenant.store().head(LocalTenant.outputKey(vcon.uuid()))).isPresent();
    assertThat(tenant.store().list("vcons/default/relay/")).hasSize(1);
    assertThat(tenant.store().list("ledger/" + vcon.uuid() + "/")).hasSize(1);
    assertThatThrownBy(this::deadLetter).isInstanceOf(JetStreamApiException.class);
  }

  @Test
  void poisonInvalidAndFlaky_areQuarantinedAndAcknowledged_noneDeadLettered() throws Exception {
    publish("{\"Records\":[{\"eventSource\":\"minio:s3\",\"s3\":".getBytes(StandardCharsets.UTF_8));
    publish(tenant.drop(TestVcons.vcon("invalid")));
    awaitAcknowledged(publish(tenant.drop(TestVcons.vcon("flaky"))));

    assertThat(tenant.store().list("quarantine/default/relay/")).hasSize(3);
    String flaky =
        tenant.store().list("quarantine/default/relay/").stream()
            .map(q -> new String(tenant.store().getBytes(q.key(), 1 << 20), StandardCharsets.UTF_8))
            .filter(r -> r.contains("downstream timeout"))
            .findFirst()
            .orElseThrow();
    // JetStream's delivery count reached the runner: the third delivery was the last.
    assertThat(flaky).contains("\"attempt\":" + LocalTenant.MAX_RECEIVE_COUNT);
    assertThat(tenant.store().list("attempts/")).isEmpty();
    assertThat(tenant.store().list("vcons/")).isEmpty();
    assertThatThrownBy(this::deadLetter).isInstanceOf(JetStreamApiException.class);
  }

  @Test
  void storeUnreachable_isDeadLetteredAtTheBound_withItsReason_andTerminated() throws Exception {
    byte[] notification = tenant.drop(TestVcons.vcon("store down"));
    tenant.storeDown();
    long sequence;
    try {
      sequence = publish(notification);
      awaitAcknowledged(sequence);
    } finally {
      tenant.storeBack();
    }

    MessageInfo dead = deadLetter();
    assertThat(dead.getData()).isEqualTo(notification);
    assertThat(dead.getHeaders().getFirst(NatsStageConsumer.REASON_HEADER))
        .contains("attempt 3 of 3");
    assertThat(dead.getHeaders().getFirst(NatsStageConsumer.ATTEMPTS_HEADER)).isEqualTo("3");
    assertThat(dead.getHeaders().getFirst(NatsStageConsumer.ORIGIN_HEADER))
        .isEqualTo(STREAM + "/" + sequence);
    assertThat(tenant.store().list("vcons/")).isEmpty();
  }
}
