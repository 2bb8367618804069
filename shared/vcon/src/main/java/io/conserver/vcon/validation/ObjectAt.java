package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON object together with where it sits in the document. */
record ObjectAt(ObjectNode node, Pointer at) {

  boolean has(String name) {
    return node.has(name);
  }

  /** The member's value, or null when absent. */
  JsonNode get(String name) {
    return node.get(name);
  }

  Pointer at(String name) {
    return at.member(name);
  }

  /** An object with no members: the draft's placeholder that keeps array indices stable. */
  boolean isPlaceholder() {
    return node.isEmpty();
  }
}
