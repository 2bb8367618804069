package io.conserver.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleEventTest {
  private static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(Samples.dir().resolve("schedule").resolve(name));
  }

  private static final Instant AT = Instant.parse("2026-11-27T03:00:00Z");

  @Test
  void theConstantInputTerraformGivesTheRuleTarget_namesTheTenant() throws IOException {
    ScheduleEvent.Tick tick = ScheduleEvent.decode(sample("eventbridge-rule-input.json"), Map.of());

    assertThat(tick)
        .isEqualTo(new ScheduleEvent.Tick("direct", Optional.of("acme"), Optional.empty()));
    assertThat(tick.forTenant("acme")).isSameAs(tick);
  }

  @Test
  void aScheduledEventFromEventBridge_carriesItsTime() throws IOException {
    ScheduleEvent.Tick tick =
        ScheduleEvent.decode(sample("eventbridge-scheduled-event.json"), Map.of());

    assertThat(tick.source()).isEqualTo("eventbridge-scheduled-event");
    assertThat(tick.tenant()).isEmpty();
    assertThat(tick.scheduledAt()).contains(AT);
  }

  @Test
  void anEventBridgeSchedulerInput_withTheScheduledTimeContextAttribute() throws IOException {
    ScheduleEvent.Tick tick =
        ScheduleEvent.decode(sample("eventbridge-scheduler-input.json"), Map.of());

    assertThat(tick.tenant()).contains("acme");
    assertThat(tick.scheduledAt()).contains(AT);
  }

  @Test
  void cloudSchedulerThroughPubSub_isUnwrapped() throws IOException {
    ScheduleEvent.Tick tick = ScheduleEvent.decode(sample("cloudevent-pubsub-data.json"), Map.of());

    assertThat(tick.source()).isEqualTo("pubsub");
    assertThat(tick.tenant()).contains("acme");
    assertThat(tick.scheduledAt()).contains(Instant.parse("2026-11-27T03:00:00.123Z"));
  }

  @Test
  void aCloudSchedulerHttpTarget_givesItsTimeInAHeader_andAnEmptyBodyIsATick() {
    ScheduleEvent.Tick tick =
        ScheduleEvent.decode(
            new byte[0],
            Map.of("X-CloudScheduler", "true", "X-CloudScheduler-ScheduleTime", AT.toString()));

    assertThat(tick)
        .isEqualTo(
            new ScheduleEvent.Tick("cloud-scheduler-http", Optional.empty(), Optional.of(AT)));
  }

  @Test
  void aTickForAnotherTenant_andAnObjectNotification_areRefused() throws IOException {
    ScheduleEvent.Tick other =
        ScheduleEvent.decode("{\"tenant\":\"globex\"}".getBytes(StandardCharsets.UTF_8), Map.of());

    assertThatThrownBy(() -> other.forTenant("acme")).hasMessageContaining("'globex'");
    assertThatThrownBy(
            () ->
                ScheduleEvent.decode(
                    Files.readAllBytes(Samples.dir().resolve("s3-put.json")), Map.of()))
        .hasMessageContaining("object notification");
    assertThatThrownBy(() -> ScheduleEvent.decode("[1]".getBytes(StandardCharsets.UTF_8), Map.of()))
        .hasMessageContaining("not a schedule tick");
  }
}
