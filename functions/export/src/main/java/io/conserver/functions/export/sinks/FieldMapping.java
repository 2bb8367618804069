package io.conserver.functions.export.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A sink's {@code "fields": {"<column>": "<vCon path>"}}: which vCon values go to which columns, in
 * declaration order (paths per {@link VconPath}; the pipeline parser has already checked them).
 *
 * <p>Cells (CSV, Parquet, Sheets) are text: a string as it is, a number or boolean as JSON writes
 * it, nothing for an absent value, an array of plain values joined with {@code |} (so {@code
 * parties[*].tel} reads like the default summary), anything else as compact JSON. JSON targets
 * (JSON Lines, Salesforce) get the values with their JSON types.
 */
public final class FieldMapping {
  /** The summary columns used when a files or sheets sink declares no fields. */
  static final FieldMapping SUMMARY =
      ofPairs(
          "uuid", "uuid",
          "created_at", "created_at",
          "updated_at", "updated_at",
          "subject", "subject",
          "party_names", "parties[*].name",
          "party_tels", "parties[*].tel",
          "party_mailtos", "parties[*].mailto",
          "dialog_types", "dialog[*].type",
          "dialog_durations_s", "dialog[*].duration",
          "analysis_types", "analysis[*].type");

  private final Map<String, VconPath> columns;

  private FieldMapping(Map<String, VconPath> columns) {
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  private static FieldMapping ofPairs(String... columnThenPath) {
    Map<String, VconPath> columns = new LinkedHashMap<>();
    for (int i = 0; i < columnThenPath.length; i += 2) {
      columns.put(columnThenPath[i], VconPath.parse(columnThenPath[i + 1]));
    }
    return new FieldMapping(columns);
  }

  /**
   * The declared mapping ({@code fields} of a sink's settings), or empty when none is declared.
   *
   * @throws SinkRejectedException when the mapping is malformed (a hand-built declaration; the
   *     pipeline parser refuses these when it reads the file)
   */
  static Optional<FieldMapping> declared(ObjectNode settings, String sink)
      throws SinkRejectedException {
    JsonNode fields = settings.get("fields");
    if (fields == null) {
      return Optional.empty();
    }
    if (!fields.isObject() || fields.isEmpty()) {
      throw new SinkRejectedException("sink " + sink + ": fields must map columns to vCon paths");
    }
    Map<String, VconPath> columns = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      try {
        columns.put(field.getKey(), VconPath.parse(field.getValue().asText()));
      } catch (IllegalArgumentException e) {
        throw new SinkRejectedException(
            "sink " + sink + ": fields/" + field.getKey() + ": " + e.getMessage());
      }
    }
    return Optional.of(new FieldMapping(columns));
  }

  /** The same mapping without one column (a sheets row keeps the uuid in column A already). */
  FieldMapping without(String column) {
    Map<String, VconPath> rest = new LinkedHashMap<>(columns);
    rest.remove(column);
    return new FieldMapping(rest);
  }

  public List<String> columns() {
    return List.copyOf(columns.keySet());
  }

  /** One text cell per column; {@code null} where the vCon has no value. */
  public List<String> cells(Vcon vcon) {
    JsonNode document = vcon.toJson();
    List<String> cells = new ArrayList<>(columns.size());
    columns.values().forEach(path -> cells.add(cell(path.select(document))));
    return cells;
  }

  /** The mapped values as a JSON object, columns in order; an absent value is {@code null}. */
  public ObjectNode object(Vcon vcon) {
    JsonNode document = vcon.toJson();
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    columns.forEach(
        (column, path) -> {
          JsonNode value = path.select(document);
          object.set(column, value.isMissingNode() ? NullNode.getInstance() : value);
        });
    return object;
  }

  static String cell(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    boolean plain =
        value.isArray()
            && StreamSupport.stream(value.spliterator(), false)
                .allMatch(v -> v.isValueNode() || v.isNull());
    if (plain) {
      return StreamSupport.stream(value.spliterator(), false)
          .map(v -> v.isNull() ? "" : cell(v))
          .collect(Collectors.joining("|"));
    }
    return value.toString();
  }
}
