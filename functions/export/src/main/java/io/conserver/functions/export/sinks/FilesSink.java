package io.conserver.functions.export.sinks;

import io.conserver.functions.export.sinks.parquet.StringTableWriter;
import io.conserver.platform.runner.ExportArea;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files in the tenant's bucket: {@code exports/<pipeline>/<sink>/<yyyy-mm-dd>/<uuid>.jsonl} (the
 * whole vCon on one line, or the mapped fields as one JSON object), {@code .csv} (a header and one
 * row) and/or {@code .parquet} (one row, every column an optional UTF-8 string). CSV and Parquet
 * carry the declared {@code fields}, or the summary columns ({@link FieldMapping#SUMMARY}).
 *
 * <p>One object per vCon, not one appended file per day: object stores cannot append, a retried
 * export simply rewrites the same key (idempotent), and an erase deletes exactly one object instead
 * of rewriting a shared file. Readers (Athena, BigQuery, DuckDB) read a prefix of many small files
 * as one table. The date is the vCon's {@code created_at} day, not the export day, so a re-export
 * lands on the same key.
 */
public final class FilesSink implements Sink {
  static final Set<String> FORMATS = Set.of("jsonl", "csv", "parquet");

  private final String name;
  private final List<String> formats;
  private final Optional<FieldMapping> fields;
  private final ExportArea area;

  public FilesSink(
      String name, List<String> formats, Optional<FieldMapping> fields, ExportArea area) {
    for (String format : formats) {
      if (!FORMATS.contains(format)) {
        throw new IllegalArgumentException("unknown file format " + format + "; use " + FORMATS);
      }
    }
    this.name = name;
    this.formats = List.copyOf(formats);
    this.fields = fields;
    this.area = area;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "files";
  }

  @Override
  public SinkReceipt export(Vcon vcon, ExportContext context) {
    LocalDate day =
        vcon.createdAt()
            .map(t -> t.atZoneSameInstant(ZoneOffset.UTC).toLocalDate())
            .orElseGet(() -> LocalDate.ofInstant(context.at(), ZoneOffset.UTC));
    List<String> keys = new ArrayList<>();
    for (String format : formats) {
      String key = prefix() + day + "/" + vcon.uuid() + "." + format;
      area.put(key, render(format, vcon), options(format));
      keys.add(key);
    }
    return new SinkReceipt(keys);
  }

  @Override
  public void delete(String vconUuid) {
    for (BlobMetadata object : area.list(prefix())) {
      String key = object.key();
      if (FORMATS.stream().anyMatch(f -> key.endsWith("/" + vconUuid + "." + f))) {
        area.delete(key);
      }
    }
  }

  private String prefix() {
    return area.exportPrefix() + name + "/";
  }

  private byte[] render(String format, Vcon vcon) {
    FieldMapping columns = fields.orElse(FieldMapping.SUMMARY);
    switch (format) {
      case "csv":
        return CsvRow.of(columns, vcon).getBytes(StandardCharsets.UTF_8);
      case "parquet":
        return StringTableWriter.write(columns.columns(), List.of(columns.cells(vcon)));
      default:
        byte[] json =
            fields.isPresent() ? VconJson.codec().write(fields.get().object(vcon)) : vcon.toBytes();
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }
  }

  private static PutOptions options(String format) {
    switch (format) {
      case "csv":
        return PutOptions.of("text/csv; charset=utf-8");
      case "parquet":
        return PutOptions.of("application/vnd.apache.parquet");
      default:
        return PutOptions.of("application/x-ndjson");
    }
  }
}
