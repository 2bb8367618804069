package io.conserver.platform.events;

import static io.conserver.platform.events.Samples.decode;
import static io.conserver.platform.events.Samples.object;
import static io.conserver.platform.events.Samples.only;
import static io.conserver.platform.events.Samples.reason;
import static io.conserver.platform.events.Samples.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3NotificationFormatTest {

  private static ObjectNode s3Object(ObjectNode notification) {
    return (ObjectNode) notification.at("/Records/0/s3/object");
  }

  private static ObjectNode withKey(String encodedKey) {
    ObjectNode put = tree("s3-put.json");
    s3Object(put).put("key", encodedKey);
    return put;
  }

  @Test
  void s3Notification_decodesPlusAsSpace_andPercent2BAsPlus() {
    List<Delivery> deliveries = decode("s3-put.json");

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.messageId()).as("a direct S3 notification has no message id").isNull();
              assertThat(d.deliveryCount()).isZero();
            });
    assertThat(object(deliveries))
        .isEqualTo(
            new ObjectCreated(
                "acme",
                "conserver-acme",
                "inbox/default/call 1+2 Zoë.json",
                2048,
                "9b2cf535f27731c974343645a3985328"));
  }

  @Test
  void s3Notification_quotedETag_isUnquoted() {
    ObjectNode put = tree("s3-put.json");
    s3Object(put).put("eTag", "\"9b2cf535f27731c974343645a3985328\"");

    assertThat(object(decode(put)).version()).isEqualTo("9b2cf535f27731c974343645a3985328");
  }

  @Test
  void s3Notification_withoutETag_hasNoVersion() {
    ObjectNode put = tree("s3-put.json");
    s3Object(put).remove("eTag");

    assertThat(object(decode(put)).version()).isNull();
  }

  @Test
  void s3Notification_severalRecords_areOneDeliveryWithEveryCreatedObject() {
    ObjectNode put = tree("s3-put.json");
    ArrayNode records = (ArrayNode) put.get("Records");
    ObjectNode second = records.get(0).deepCopy();
    ((ObjectNode) second.at("/s3/object")).put("key", "inbox/default/b.json");
    ObjectNode removed = (ObjectNode) tree("s3-object-removed.json").at("/Records/0");
    records.add(second).add(removed);

    Outcome outcome = only(decode(put));

    assertThat(outcome).isInstanceOf(Outcome.Objects.class);
    assertThat(((Outcome.Objects) outcome).objects())
        .extracting(ObjectCreated::key)
        .containsExactly("inbox/default/call 1+2 Zoë.json", "inbox/default/b.json");
  }

  @Test
  void testEvent_isIgnoredNotAnError() {
    Outcome outcome = only(decode("s3-test-event.json"));

    assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
    assertThat(reason(outcome)).contains("s3:TestEvent");
  }

  @Test
  void objectRemoved_isIgnored() {
    Outcome outcome = only(decode("s3-object-removed.json"));

    assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
    assertThat(reason(outcome)).contains("ObjectRemoved:Delete");
  }

  @Test
  void folderPlaceholder_isIgnored() {
    Outcome outcome = only(decode(withKey("inbox/default/")));

    assertThat(outcome).isEqualTo(new Outcome.Ignored(Created.PLACEHOLDER));
  }

  @Test
  void recordWithoutKey_isUndecodable() {
    ObjectNode put = tree("s3-put.json");
    s3Object(put).remove("key");

    assertThat(only(decode(put))).isEqualTo(new Outcome.Undecodable("s3.object.key is missing"));
  }

  @Test
  void recordWithoutBucket_isUndecodable() {
    ObjectNode put = tree("s3-put.json");
    ((ObjectNode) put.at("/Records/0/s3")).remove("bucket");

    assertThat(only(decode(put))).isEqualTo(new Outcome.Undecodable("s3.bucket is missing"));
  }

  @Test
  void bucketNameThatCannotBeABucket_isUndecodable() {
    ObjectNode put = tree("s3-put.json");
    ((ObjectNode) put.at("/Records/0/s3/bucket")).put("name", "../other-tenant");

    assertThat(only(decode(put))).isEqualTo(new Outcome.Undecodable("bucket name is not valid"));
  }

  @Test
  void oneBadRecordAmongSeveral_makesTheDeliveryUndecodable_andSaysWhichRecord() {
    ObjectNode put = tree("s3-put.json");
    ArrayNode records = (ArrayNode) put.get("Records");
    ObjectNode second = records.get(0).deepCopy();
    ((ObjectNode) second.at("/s3/object")).remove("key");
    records.add(second);

    assertThat(only(decode(put)))
        .isEqualTo(new Outcome.Undecodable("record 1: s3.object.key is missing"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"inbox/default/a%zz.json", "inbox/default/a%4", "inbox/default/a%"})
  void badPercentEncoding_isUndecodable(String key) {
    assertThat(only(decode(withKey(key))))
        .isEqualTo(new Outcome.Undecodable("object key is not valid URL-encoding"));
  }

  @Test
  void percentEncodingOfBytesThatAreNotUtf8_isUndecodable() {
    assertThat(only(decode(withKey("inbox/default/caf%E9.json"))))
        .isEqualTo(new Outcome.Undecodable("object key is not UTF-8 once URL-decoded"));
  }

  @Test
  void keyLeavingTheLayout_isUndecodable_andTheReasonDoesNotQuoteIt() {
    Outcome outcome = only(decode(withKey("inbox/..%2F..%2Fkeys%2Fsecret")));

    assertThat(outcome).isInstanceOf(Outcome.Undecodable.class);
    assertThat(reason(outcome)).contains("'..'").doesNotContain("secret");
  }

  @Test
  void sizeOfWrongType_isUndecodable() {
    ObjectNode put = tree("s3-put.json");
    s3Object(put).put("size", "big");

    assertThat(only(decode(put)))
        .isEqualTo(new Outcome.Undecodable("s3.object.size is not a size in bytes"));
  }

  @Test
  void minioWebhook_decodesItsRecords_keyWithEncodedSlashes() {
    List<Delivery> deliveries = decode("minio-webhook.json");

    assertThat(object(deliveries))
        .isEqualTo(
            new ObjectCreated(
                "acme",
                "conserver-acme",
                "inbox/default/call 1+2.json",
                2048,
                "9b2cf535f27731c974343645a3985328"));
  }

  @Test
  void minioWebhook_withoutTheWrapper_decodesTheSame() {
    ObjectNode minio = tree("minio-webhook.json");
    minio.remove("EventName");
    minio.remove("Key");

    assertThat(object(decode(minio)).key()).isEqualTo("inbox/default/call 1+2.json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3:ObjectCreated:PutTagging",
        "s3:ObjectCreated:PutRetention",
        "s3:ObjectCreated:PutLegalHold",
        "s3:ObjectCreated:DeleteTagging"
      })
  void minioMetadataOnlyCreatedEvents_areIgnored(String eventName) {
    ObjectNode minio = tree("minio-webhook.json");
    ((ObjectNode) minio.at("/Records/0")).put("eventName", eventName);

    assertThat(only(decode(minio))).isInstanceOf(Outcome.Ignored.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ObjectCreated:Put",
        "ObjectCreated:Post",
        "ObjectCreated:Copy",
        "ObjectCreated:CompleteMultipartUpload"
      })
  void everyS3CreationEvent_isAnObject(String eventName) {
    ObjectNode put = tree("s3-put.json");
    ((ObjectNode) put.at("/Records/0")).put("eventName", eventName);

    assertThat(only(decode(put))).isInstanceOf(Outcome.Objects.class);
  }

  @Test
  void reasons_neverQuoteTheKey() {
    ObjectNode removed = tree("s3-object-removed.json");

    assertThat(reason(only(decode(removed)))).doesNotContain("call");
  }
}
