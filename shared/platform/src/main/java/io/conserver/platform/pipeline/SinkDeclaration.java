package io.conserver.platform.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A named export target; its settings are kept raw for the export function to interpret. */
public record SinkDeclaration(String name, String type, ObjectNode settings) {
  public SinkDeclaration {
    settings = settings.deepCopy();
  }

  @Override
  public ObjectNode settings() {
    return settings.deepCopy();
  }
}
