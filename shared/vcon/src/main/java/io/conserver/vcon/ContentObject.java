package io.conserver.vcon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.internal.JsonObjectBuilder;
import io.conserver.vcon.internal.JsonView;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What dialogs, analyses and attachments share: a file either inline ({@code body} + {@code
 * encoding}) or by reference ({@code url} + {@code content_hash}), with its media type and name.
 */
public abstract class ContentObject extends JsonView {
  protected ContentObject(ObjectNode json) {
    super(json);
  }

  public Optional<String> mediatype() {
    return text("mediatype");
  }

  public Optional<String> filename() {
    return text("filename");
  }

  public Optional<String> encoding() {
    return text("encoding");
  }

  public Optional<String> url() {
    return text("url");
  }

  /** Every content_hash token, whether the member is a string or an array. */
  public List<String> contentHashes() {
    return textList("content_hash");
  }

  public boolean isInline() {
    return node("body") != null;
  }

  public boolean isExternal() {
    return node("url") != null;
  }

  /** The raw {@code body} value (a string, or any JSON value with encoding {@code json}). */
  public Optional<JsonNode> body() {
    return member("body");
  }

  /**
   * The inline body as bytes, decoding base64url; JSON bodies are returned as their compact JSON
   * text. Empty when the content is not inline.
   *
   * @throws VconException when a base64url body does not decode
   */
  public Optional<byte[]> bodyBytes() {
    JsonNode body = node("body");
    if (body == null) {
      return Optional.empty();
    }
    String encoding = encoding().orElse("none");
    if (encoding.equals("base64url") && body.isTextual()) {
      try {
        return Optional.of(Base64.getUrlDecoder().decode(body.textValue()));
      } catch (IllegalArgumentException e) {
        throw new VconException("body is not valid base64url");
      }
    }
    if (body.isTextual()) {
      return Optional.of(body.textValue().getBytes(StandardCharsets.UTF_8));
    }
    return Optional.of(VconJson.codec().write(body));
  }

  /** Setters shared by the builders of content-carrying objects. */
  public abstract static class Builder<B extends Builder<B>> extends JsonObjectBuilder<B> {
    protected Builder(ObjectNode start) {
      super(start);
    }

    public B mediatype(String mediatype) {
      return set("mediatype", mediatype);
    }

    public B filename(String filename) {
      return set("filename", filename);
    }

    /** Inline bytes, base64url-encoded without padding; clears any external reference. */
    public B inlineBytes(byte[] bytes) {
      remove("url").remove("content_hash");
      set("body", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      return set("encoding", "base64url");
    }

    /** Inline text that is already a valid JSON string; clears any external reference. */
    public B inlineText(String text) {
      remove("url").remove("content_hash");
      set("body", text);
      return set("encoding", "none");
    }

    /** Inline JSON value; clears any external reference. */
    public B inlineJson(JsonNode value) {
      remove("url").remove("content_hash");
      set("body", value);
      return set("encoding", "json");
    }

    /** An external file by https URL and its content hash; clears any inline body. */
    public B external(String url, ContentHash hash) {
      remove("body").remove("encoding");
      set("url", url);
      return set("content_hash", hash.toString());
    }
  }
}
