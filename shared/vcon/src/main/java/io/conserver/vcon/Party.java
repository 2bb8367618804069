package io.conserver.vcon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.JsonObjectBuilder;
import io.conserver.vcon.internal.JsonView;
import java.util.Optional;

/** A participant of the conversation (draft section "Party Object"). */
public final class Party extends JsonView {
  Party(ObjectNode json) {
    super(json);
  }

  public static Party of(ObjectNode json) {
    return new Party(json);
  }

  public static Builder builder() {
    return new Builder(JsonNodeFactory.instance.objectNode());
  }

  public Builder toBuilder() {
    return new Builder(toJson());
  }

  public Optional<String> tel() {
    return text("tel");
  }

  public Optional<String> sip() {
    return text("sip");
  }

  public Optional<String> stir() {
    return text("stir");
  }

  public Optional<String> mailto() {
    return text("mailto");
  }

  public Optional<String> name() {
    return text("name");
  }

  public Optional<String> did() {
    return text("did");
  }

  public Optional<String> validation() {
    return text("validation");
  }

  public Optional<String> gmlpos() {
    return text("gmlpos");
  }

  /** The civic address object (country, a1..a6, ...), as raw JSON. */
  public Optional<ObjectNode> civicaddress() {
    return member("civicaddress").filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast);
  }

  public Optional<String> uuid() {
    return text("uuid");
  }

  /** Participant type, e.g. "agent" or "customer" ({@code type}; legacy producers use role). */
  public Optional<String> type() {
    return text("type").or(() -> text("role"));
  }

  public Optional<String> org() {
    return text("org");
  }

  public Optional<String> dept() {
    return text("dept");
  }

  /** Builds a party; members appear in the order they are set. */
  public static final class Builder extends JsonObjectBuilder<Builder> {
    Builder(ObjectNode start) {
      super(start);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder tel(String tel) {
      return set("tel", tel);
    }

    public Builder sip(String sip) {
      return set("sip", sip);
    }

    public Builder mailto(String mailto) {
      return set("mailto", mailto);
    }

    public Builder name(String name) {
      return set("name", name);
    }

    public Builder did(String did) {
      return set("did", did);
    }

    public Builder validation(String validation) {
      return set("validation", validation);
    }

    public Builder uuid(String uuid) {
      return set("uuid", uuid);
    }

    public Builder type(String type) {
      return set("type", type);
    }

    public Builder org(String org) {
      return set("org", org);
    }

    public Builder dept(String dept) {
      return set("dept", dept);
    }

    public Party build() {
      return new Party(json);
    }
  }
}
