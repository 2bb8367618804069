package io.conserver.vcon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A piece of the conversation: recording, recording-set, text, transfer or incomplete. */
public final class Dialog extends ContentObject {
  /** The dialog types the draft defines. */
  public static final List<String> TYPES =
      List.of("recording", "recording-set", "text", "transfer", "incomplete");

  Dialog(ObjectNode json) {
    super(json);
  }

  public static Dialog of(ObjectNode json) {
    return new Dialog(json);
  }

  public static Builder builder(String type) {
    return new Builder(JsonNodeFactory.instance.objectNode()).set("type", type);
  }

  public Builder toBuilder() {
    return new Builder(toJson());
  }

  public Optional<String> type() {
    return text("type");
  }

  public Optional<OffsetDateTime> start() {
    return dateTime("start");
  }

  /** Duration in seconds, exactly as written. */
  public Optional<BigDecimal> duration() {
    JsonNode value = node("duration");
    return value != null && value.isNumber() ? Optional.of(value.decimalValue()) : Optional.empty();
  }

  /** Every party index mentioned, flattened across channels. */
  public List<Integer> partyIndexes() {
    return indexList("parties");
  }

  /**
   * Party indexes per channel: one entry per channel, each the parties mixed into it (an empty list
   * for a null placeholder). A single-channel dialog has one entry.
   */
  public List<List<Integer>> channels() {
    JsonNode value = node("parties");
    List<List<Integer>> channels = new ArrayList<>();
    if (value == null) {
      return channels;
    }
    if (!value.isArray()) {
      channels.add(value.canConvertToInt() ? List.of(value.intValue()) : List.of());
      return Collections.unmodifiableList(channels);
    }
    boolean nested = false;
    for (JsonNode item : value) {
      nested |= item.isArray() || item.isNull();
    }
    if (!nested) {
      channels.add(indexList("parties"));
      return Collections.unmodifiableList(channels);
    }
    for (JsonNode item : value) {
      List<Integer> channel = new ArrayList<>();
      if (item.isArray()) {
        item.forEach(i -> channel.add(i.intValue()));
      } else if (item.canConvertToInt()) {
        channel.add(item.intValue());
      }
      channels.add(Collections.unmodifiableList(channel));
    }
    return Collections.unmodifiableList(channels);
  }

  public OptionalInt originator() {
    return index("originator");
  }

  public Optional<String> disposition() {
    return text("disposition");
  }

  /** Indexes of the recording dialogs of a recording-set. */
  public List<Integer> recordings() {
    return indexList("recordings");
  }

  public OptionalInt recordingSet() {
    return index("recording_set");
  }

  public Optional<String> application() {
    return text("application");
  }

  public Optional<String> messageId() {
    return text("message_id");
  }

  /** Builds a dialog; members appear in the order they are set. */
  public static final class Builder extends ContentObject.Builder<Builder> {
    Builder(ObjectNode start) {
      super(start);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder start(OffsetDateTime start) {
      return set("start", start);
    }

    public Builder duration(double seconds) {
      return set("duration", NODES.numberNode(BigDecimal.valueOf(seconds)));
    }

    /** A single-channel dialog of these parties. */
    public Builder parties(Integer... indexes) {
      return setIndexes("parties", List.of(indexes));
    }

    /** A multi-channel recording: one entry of party indexes per channel. */
    public Builder channels(List<List<Integer>> channels) {
      ArrayNode array = NODES.arrayNode();
      for (List<Integer> channel : channels) {
        if (channel.isEmpty()) {
          array.addNull();
        } else if (channel.size() == 1) {
          array.add(channel.get(0));
        } else {
          ArrayNode mix = array.addArray();
          channel.forEach(mix::add);
        }
      }
      return set("parties", array);
    }

    public Builder originator(int index) {
      return set("originator", index);
    }

    public Builder disposition(String disposition) {
      return set("disposition", disposition);
    }

    public Dialog build() {
      return new Dialog(json);
    }
  }
}
