package io.conserver.vcon.validation;

/** An immutable RFC 6901 JSON pointer, built one member or index at a time. */
final class Pointer {
  static final Pointer ROOT = new Pointer("");

  private final String text;

  private Pointer(String text) {
    this.text = text;
  }

  Pointer member(String name) {
    return new Pointer(text + "/" + name.replace("~", "~0").replace("/", "~1"));
  }

  Pointer index(int index) {
    return new Pointer(text + "/" + index);
  }

  /** The pointer as reported: the root is spelled {@link ValidationIssue#DOCUMENT}. */
  String reported() {
    return text.isEmpty() ? ValidationIssue.DOCUMENT : text;
  }

  @Override
  public String toString() {
    return text;
  }
}
