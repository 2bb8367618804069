package io.conserver.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of source systems (events/sources) dropped in the inbox, through the ingest stage. */
class SourceFormatsTest {
  private static final Path SAMPLES = RepoPaths.resolve("events/sources");
  private static final PipelineDeclaration DEFAULT =
      PipelineParser.parse(RepoPaths.resolve("terraform/pipelines/default.json"));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String CTR_RECORDING =
      "connect/acme/CallRecordings/2026/11/24/5ca32fbd-8f92-46af-92a5-6b0f970f0efe_20261124T10:15_UTC.wav";

  @TempDir Path dir;
  private FileSystemBlobStore store;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
  }

  private StageOutcome ingest(String name, byte[] content) {
    BlobMetadata m = store.putBytes("inbox/default/" + name, content, PutOptions.BINARY);
    ObjectCreated event = new ObjectCreated("default", "local", m.key(), m.size(), m.version());
    return new StageRunner(store, "default", DEFAULT, "ingest", new IngestTransformation(), CLOCK)
        .handle(event, 1);
  }

  private StageOutcome ingestSample(String sample) throws Exception {
    return ingest(sample, Files.readAllBytes(SAMPLES.resolve(sample)));
  }

  private Vcon onlyOutput() {
    var outputs = store.list("vcons/default/ingest/");
    assertThat(outputs).hasSize(1);
    return Vcon.parse(store.getBytes(outputs.get(0).key(), 1_000_000));
  }

  private JsonNode quarantined() {
    assertThat(store.list("vcons/")).isEmpty();
    return VconJson.codec().read(store.getBytes(store.list("quarantine/").get(0).key(), 100_000));
  }

  private static Attachment attachment(Vcon vcon, String purpose) {
    return vcon.attachments().stream()
        .filter(a -> a.purpose().orElse("").equals(purpose))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode body(Attachment a) {
    return a.body().orElseThrow();
  }

  @Test
  void connectCtr_withItsRecordingInTheBucket_importsTheRecordingAsMedia() throws Exception {
    byte[] wav = "RIFF....WAVEfmt not really audio".getBytes(StandardCharsets.US_ASCII);
    store.putBytes(CTR_RECORDING, wav, PutOptions.BINARY);

    assertThat(ingestSample("connect-ctr.json")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.extensions()).containsExactly("CC");
    assertThat(vcon.parties()).hasSize(3);
    assertThat(vcon.parties().get(0).tel()).contains("+14155550142");
    assertThat(vcon.parties().get(0).type()).contains("customer");
    assertThat(vcon.parties().get(1).name()).contains("jlee");
    assertThat(vcon.parties().get(1).text("role")).contains("agent");
    assertThat(vcon.parties().get(2).tel()).contains("+18005550100");
    Dialog recording = vcon.dialogs().get(0);
    assertThat(recording.type()).contains("recording");
    assertThat(recording.contentHashes()).containsExactly(ContentHash.sha512(wav).toString());
    assertThat(recording.text("interaction_id")).contains("5ca32fbd-8f92-46af-92a5-6b0f970f0efe");
    assertThat(recording.start().orElseThrow().toInstant())
        .isEqualTo(Instant.parse("2026-11-24T10:15:49Z"));
    assertThat(recording.duration().orElseThrow().doubleValue()).isEqualTo(388.0);
    JsonNode record = body(attachment(vcon, "contact_center_record"));
    assertThat(record.path("ContactId").asText()).isEqualTo("5ca32fbd-8f92-46af-92a5-6b0f970f0efe");
    assertThat(record.path("Queue").path("Name").asText()).isEqualTo("BasicQueue");
    // Contact-flow attributes can hold anything: they are not copied.
    assertThat(record.has("Attributes")).isFalse();
    assertThat(record.toString()).doesNotContain("+14155550142", "55501234");
    assertThat(vcon.attachments()).noneMatch(a -> a.purpose().orElse("").equals("pending_media"));
  }

  @Test
  void connectCtr_whoseRecordingIsElsewhere_keepsTheLocationAsPendingMedia() throws Exception {
    assertThat(ingestSample("connect-ctr.json")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    Dialog recording = vcon.dialogs().get(0);
    assertThat(recording.url()).isEmpty();
    assertThat(recording.contentHashes()).isEmpty();
    Attachment pending = attachment(vcon, "pending_media");
    assertThat(pending.dialog()).hasValue(0);
    assertThat(body(pending).path("location").asText()).endsWith(CTR_RECORDING);
  }

  @Test
  void connectChatCtr_hasPartiesAndItsRecord_butNoRecordingDialog() {
    String ctr =
        """
        {"ContactId":"c-1","InitiationMethod":"API","Channel":"CHAT",
         "InitiationTimestamp":"2026-11-24T10:15:02Z",
         "CustomerEndpoint":null,"Agent":{"Username":"jlee"}}""";

    assertThat(ingest("chat-ctr.json", ctr.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.dialogs()).isEmpty();
    assertThat(vcon.parties()).hasSize(1);
    assertThat(vcon.extensions()).containsExactly("CC");
    assertThat(body(attachment(vcon, "contact_center_record")).path("Channel").asText())
        .isEqualTo("CHAT");
  }

  @Test
  void malformedCtr_isQuarantinedWithPointers() {
    String ctr =
        """
        {"ContactId":"c-1","InitiationMethod":"INBOUND","Channel":"VOICE",
         "InitiationTimestamp":"yesterday","Agent":"jlee",
         "Recording":{"Location":"no-key"}}""";

    assertThat(ingest("bad-ctr.json", ctr.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);

    JsonNode error = quarantined().path("error");
    assertThat(error.path("message").asText()).startsWith("Amazon Connect contact trace record");
    assertThat(error.path("details").toString())
        .contains("/InitiationTimestamp", "/Agent: must be an object", "/Recording/Location");
  }

  @Test
  void ctrWhoseRecordingsAreNotAList_isQuarantined() {
    String ctr =
        """
        {"ContactId":"c-2","InitiationMethod":"INBOUND","Channel":"VOICE",
         "InitiationTimestamp":"2026-11-24T10:15:02Z","Recordings":{"Location":"b/k.wav"}}""";

    assertThat(ingest("bad-ctr-2.json", ctr.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantined().path("error").path("details").toString())
        .contains("/Recordings: must be an array");
  }

  @Test
  void twilioCallback_becomesARecordingDialogPendingItsMedia() throws Exception {
    assertThat(ingestSample("twilio-recording-callback.json")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.parties())
        .extracting(p -> p.tel().orElseThrow())
        .containsExactly("+14155550142", "+18005550100");
    Dialog recording = vcon.dialogs().get(0);
    assertThat(recording.start().orElseThrow().toInstant())
        .isEqualTo(Instant.parse("2026-11-24T14:02:11Z"));
    assertThat(recording.duration().orElseThrow().doubleValue()).isEqualTo(187.0);
    assertThat(recording.channels()).containsExactly(java.util.List.of(0), java.util.List.of(1));
    assertThat(recording.url()).isEmpty();
    assertThat(body(attachment(vcon, "pending_media")).path("url").asText())
        .isEqualTo(
            "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/"
                + "Recordings/RE11223344556677889900aabbccddeeff.wav");
    assertThat(body(attachment(vcon, "source")).path("CallSid").asText())
        .isEqualTo("CAfedcba9876543210fedcba9876543210");
    assertThat(store.list("media/")).isEmpty(); // nothing fetched
  }

  @Test
  void twilioFormEncodedCallback_isRecognisedToo() throws Exception {
    assertThat(ingestSample("twilio-recording-callback.form")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.parties()).isEmpty();
    assertThat(vcon.dialogs().get(0).start().orElseThrow().toInstant())
        .isEqualTo(Instant.parse("2026-11-24T15:30:00Z"));
    assertThat(body(attachment(vcon, "source")).path("RecordingSid").asText())
        .isEqualTo("RE99887766554433221100ffeeddccbbaa");
  }

  @Test
  void twilioCallbackOfAFailedRecording_orAPlainHttpUrl_isQuarantined() {
    String callback =
        """
        {"AccountSid":"AC1","CallSid":"CA1","RecordingSid":"RE1","RecordingStatus":"failed",
         "RecordingUrl":"http://api.twilio.com/x","RecordingDuration":"-3"}""";

    assertThat(ingest("bad-twilio.json", callback.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantined().path("error").path("details").toString())
        .contains("/RecordingUrl", "/RecordingStatus", "/RecordingDuration");
  }

  @Test
  void emailThread_becomesOneTextDialogPerMessage() throws Exception {
    assertThat(ingestSample("support-thread.mbox")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.subject()).contains("Router keeps dropping the connection");
    assertThat(vcon.parties())
        .extracting(p -> p.mailto().orElseThrow())
        .containsExactly(
            "ivan.petrov@example.org",
            "support@example.com",
            "judy@support.example.com",
            "tier2@support.example.com");
    assertThat(vcon.parties().get(0).name()).contains("Ivan Petrov");
    assertThat(vcon.dialogs()).hasSize(2);
    Dialog first = vcon.dialogs().get(0);
    assertThat(first.messageId()).contains("<CAF1a2b3c4@mail.example.org>");
    assertThat(text(first)).contains("Could you have a look? My address is 12 Harbor Street.");
    Dialog reply = vcon.dialogs().get(1);
    assertThat(reply.originator()).hasValue(2);
    assertThat(reply.partyIndexes()).containsExactly(2, 0, 3);
    assertThat(reply.start().orElseThrow().toInstant())
        .isEqualTo(Instant.parse("2026-11-24T10:03:10Z"));
    assertThat(text(reply)).contains("Café hours apply").doesNotContain("<p>");
  }

  @Test
  void singleEml_withEncodedWordsAndBase64() {
    String eml =
        "From: =?UTF-8?Q?Zo=C3=AB_Martin?= <zoe@example.net>\r\n"
            + "To: help@example.com\r\n"
            + "Subject: =?UTF-8?B?UsOpc2lsaWF0aW9u?=\r\n"
            + "Date: Wed, 25 Nov 2026 08:00:00 +0100\r\n"
            + "Message-ID: <m1@example.net>\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "SmUgdm91ZHJhaXMgcsOpc2lsaWVyLg==\r\n";

    assertThat(ingest("one.eml", eml.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.subject()).contains("Résiliation");
    assertThat(vcon.parties().get(0).name()).contains("Zoë Martin");
    assertThat(text(vcon.dialogs().get(0))).isEqualTo("Je voudrais résilier.");
  }

  @Test
  void emailWithoutAReadableDate_isQuarantinedWithItsPointer() {
    String eml =
        "From: a@example.net\nTo: b@example.com\nSubject: hi\nDate: someday\n"
            + "Message-ID: <x@y>\n\nbody\n";

    assertThat(ingest("bad.eml", eml.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantined().path("error").path("details").toString())
        .contains("/messages/0/headers/Date");
  }

  @Test
  void genesysVoiceConversation_partiesByPurpose_andRecordingMetadata() throws Exception {
    assertThat(ingestSample("genesys-conversation-detail.json")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.parties())
        .extracting(p -> p.text("role").orElseThrow())
        .containsExactly("customer", "ivr", "acd", "agent");
    assertThat(vcon.extensions()).containsExactly("CC");
    assertThat(vcon.parties().get(0).tel()).contains("+14155550142");
    assertThat(vcon.parties().get(3).name()).contains("Frank");
    Dialog recording = vcon.dialogs().get(0);
    assertThat(recording.type()).contains("recording");
    assertThat(recording.url()).isEmpty();
    assertThat(recording.start().orElseThrow().toInstant())
        .isEqualTo(Instant.parse("2026-11-24T16:01:05.300Z"));
    JsonNode metadata = body(attachment(vcon, "recording_metadata"));
    assertThat(metadata.path("id").asText()).isEqualTo("r-11aa22bb");
    JsonNode source = body(attachment(vcon, "source"));
    assertThat(source.path("conversationId").asText())
        .isEqualTo("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    assertThat(source.path("participants").get(3).path("userId").asText()).isEqualTo("u-5a6b7c8d");
  }

  @Test
  void genesysMessaging_becomesOneTextDialogPerMessage() throws Exception {
    assertThat(ingestSample("genesys-web-messaging.json")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.dialogs()).hasSize(3);
    assertThat(vcon.dialogs()).allMatch(d -> d.type().orElseThrow().equals("text"));
    assertThat(vcon.dialogs().get(1).originator()).hasValue(1);
    assertThat(vcon.dialogs().get(1).partyIndexes()).containsExactly(1, 0);
    assertThat(text(vcon.dialogs().get(0))).isEqualTo("Hi, my invoice shows a double charge.");
  }

  @Test
  void malformedGenesysRecord_isQuarantinedWithPointers() {
    String detail =
        """
        {"conversationId":"c","conversationStart":"2026-11-25T09:30:00Z",
         "participants":[{"participantName":"x"},
                         {"purpose":"customer","sessions":{}}],
         "recordings":[]}""";

    assertThat(ingest("bad-genesys.json", detail.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantined().path("error").path("details").toString())
        .contains("/participants/0/purpose", "/participants/1/sessions");
  }

  @Test
  void genesysMessageFromNoParticipant_isQuarantined() {
    String detail =
        """
        {"conversationId":"c","conversationStart":"2026-11-25T09:30:00Z",
         "participants":[{"purpose":"customer"}],
         "recordings":[{"media":"message","messagingTranscript":[
           {"purpose":"agent","timestamp":"2026-11-25T09:30:00Z","messageText":"hi"}]}]}""";

    assertThat(ingest("orphan-genesys.json", detail.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantined().path("error").path("details").toString())
        .contains("/recordings/0/messagingTranscript/0");
  }

  @Test
  void siprecMetadata_becomesARecordingDialogWithAChannelPerStream() throws Exception {
    assertThat(ingestSample("siprec-metadata.xml")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.parties().get(0).sip()).contains("sip:bob@biloxi.example.com");
    assertThat(vcon.parties().get(1).tel()).contains("+14155550142");
    assertThat(vcon.parties().get(1).name()).contains("Alice");
    Dialog recording = vcon.dialogs().get(0);
    // Stream 96 is sent by Alice (party 1), stream 97 by Bob (party 0).
    assertThat(recording.channels()).containsExactly(java.util.List.of(1), java.util.List.of(0));
    assertThat(recording.duration().orElseThrow().doubleValue()).isEqualTo(285.0);
    assertThat(recording.url()).isEmpty();
    assertThat(body(attachment(vcon, "source")).path("sessions").get(0).path("session_id").asText())
        .isEqualTo("hVpd7YQgRW2nD22h7q60JQ==");
  }

  @Test
  void siprecWithADoctype_orWithoutItsAssociation_isQuarantined() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\">&x;</recording>";
    assertThat(ingest("xxe.xml", xxe.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantined().path("error").path("message").asText())
        .contains("not well-formed XML (or has a DOCTYPE)");
  }

  @Test
  void siprecSessionWithoutAnAssociateTime_isQuarantinedWithItsPointer() {
    String xml =
        "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\">"
            + "<session session_id=\"s1\"/></recording>";
    assertThat(ingest("no-time.xml", xml.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantined().path("error").path("details").toString())
        .contains("/recording/session[1]");
  }

  @Test
  void zoomRecordingCompleted_videoAndAudioDialogsPendingTheirMedia_tokenNotKept()
      throws Exception {
    assertThat(ingestSample("zoom-recording-completed.json")).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.subject()).contains("Onboarding review with Example Co");
    assertThat(vcon.parties().get(0).mailto()).contains("judy@support.example.com");
    assertThat(vcon.extensions()).isEmpty();
    assertThat(vcon.dialogs())
        .extracting(d -> d.mediatype().orElseThrow())
        .containsExactly("video/x-mp4", "audio/x-mp4");
    assertThat(vcon.dialogs().get(0).duration().orElseThrow().doubleValue()).isEqualTo(1913.0);
    assertThat(vcon.attachments())
        .filteredOn(a -> a.purpose().orElse("").equals("pending_media"))
        .extracting(a -> body(a).path("url").asText())
        .containsExactly(
            "https://example.zoom.us/rec/download/ed6c2f27",
            "https://example.zoom.us/rec/download/4a1d3a8c");
    assertThat(body(attachment(vcon, "source")).path("recording_files")).hasSize(3);
    assertThat(new String(vcon.toBytes(), StandardCharsets.UTF_8))
        .doesNotContain("download_token", "eyJ0eXAi");
  }

  @Test
  void zoomWebhookWithoutRecordingFiles_isQuarantined() {
    String webhook =
        """
        {"event":"recording.completed","payload":{"object":{"uuid":"u",
         "start_time":"2026-11-25T14:00:00Z","recording_files":[
           {"file_type":"MP4","download_url":"http://example.zoom.us/x",
            "recording_start":"2026-11-25T14:00:12Z"}]}}}""";

    assertThat(ingest("bad-zoom.json", webhook.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantined().path("error").path("details").toString())
        .contains("/payload/object/recording_files/0/download_url: must be an https url");
  }

  private static String text(Dialog dialog) {
    return new String(dialog.bodyBytes().orElseThrow(), StandardCharsets.UTF_8);
  }
}
