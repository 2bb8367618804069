package io.conserver.platform.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where conversations enter a pipeline (bucket drop, HTTP, a contact-center system...). */
public record SourceDeclaration(String type, String name, ObjectNode options) {
  public SourceDeclaration {
    options = options.deepCopy();
  }

  @Override
  public ObjectNode options() {
    return options.deepCopy();
  }
}
