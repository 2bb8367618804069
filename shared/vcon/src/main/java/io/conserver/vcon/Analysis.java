package io.conserver.vcon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** A result of analysing dialogs: a transcript, a translation, a summary, sentiment... */
public final class Analysis extends ContentObject {
  Analysis(ObjectNode json) {
    super(json);
  }

  public static Analysis of(ObjectNode json) {
    return new Analysis(json);
  }

  public static Builder builder(String type, String vendor) {
    return new Builder(JsonNodeFactory.instance.objectNode())
        .set("type", type)
        .set("vendor", vendor);
  }

  public Builder toBuilder() {
    return new Builder(toJson());
  }

  public Optional<String> type() {
    return text("type");
  }

  public Optional<String> vendor() {
    return text("vendor");
  }

  public Optional<String> product() {
    return text("product");
  }

  public Optional<String> schema() {
    return text("schema");
  }

  /** Indexes of the dialogs analysed (the member may be one index or an array). */
  public List<Integer> dialogIndexes() {
    return indexList("dialog");
  }

  /** Indexes of the attachments analysed. */
  public List<Integer> attachmentIndexes() {
    return indexList("attachment");
  }

  /** Builds an analysis; members appear in the order they are set. */
  public static final class Builder extends ContentObject.Builder<Builder> {
    Builder(ObjectNode start) {
      super(start);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder dialog(int index) {
      return set("dialog", index);
    }

    public Builder dialogs(List<Integer> indexes) {
      return setIndexes("dialog", indexes);
    }

    public Builder product(String product) {
      return set("product", product);
    }

    public Builder schema(String schema) {
      return set("schema", schema);
    }

    public Analysis build() {
      return new Analysis(json);
    }
  }
}
