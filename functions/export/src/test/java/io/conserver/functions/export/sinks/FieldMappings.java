package io.conserver.functions.export.sinks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;

/** Field mappings for tests, from the JSON a pipeline would declare. */
public final class FieldMappings {
  private FieldMappings() {}

  public static FieldMapping of(String fieldsJson) throws SinkRejectedException {
    ObjectNode settings = (ObjectNode) VconJson.codec().read("{\"fields\":" + fieldsJson + "}");
    return FieldMapping.declared(settings, "test").orElseThrow();
  }
}
