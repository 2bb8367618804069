package io.conserver.functions.export.sinks.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a small Parquet file (https://parquet.apache.org/docs/file-format/) whose columns are all
 * optional UTF-8 strings: one row group, one uncompressed PLAIN data page (v1) per column,
 * definition levels RLE-encoded. That is all an export of one vCon per file needs, and it keeps
 * Parquet out of Hadoop: the Apache writer needs parquet-hadoop and ~8 MB of jars in every function
 * package, and Hadoop itself for any compression codec. Readers (parquet-mr, DuckDB, Athena,
 * BigQuery, Spark) read it like any other Parquet file; the tests read it back with parquet-mr.
 */
public final class StringTableWriter {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  // Thrift enum values from parquet.thrift (apache/parquet-format).
  private static final int TYPE_BYTE_ARRAY = 6;
  private static final int REPETITION_OPTIONAL = 1;
  private static final int CONVERTED_UTF8 = 0;
  private static final int ENCODING_PLAIN = 0;
  private static final int ENCODING_RLE = 3;
  private static final int CODEC_UNCOMPRESSED = 0;
  private static final int PAGE_DATA = 0;

  private StringTableWriter() {}

  /**
   * The file for these rows; {@code null} cells are nulls.
   *
   * @param columns column names, in order
   * @param rows each row has one cell per column
   */
  public static byte[] write(List<String> columns, List<List<String>> rows) {
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("every row needs one cell per column");
      }
    }
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(MAGIC);
    long[] pageOffsets = new long[columns.size()];
    long[] chunkSizes = new long[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      byte[] page = page(rows, c);
      pageOffsets[c] = file.size();
      file.writeBytes(page);
      chunkSizes[c] = page.length;
    }
    byte[] footer = footer(columns, rows.size(), pageOffsets, chunkSizes);
    file.writeBytes(footer);
    file.writeBytes(littleEndian(footer.length));
    file.writeBytes(MAGIC);
    return file.toByteArray();
  }

  /** Page header + definition levels + PLAIN values of one column. */
  private static byte[] page(List<List<String>> rows, int column) {
    ByteArrayOutputStream values = new ByteArrayOutputStream();
    boolean[] present = new boolean[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      String cell = rows.get(r).get(column);
      present[r] = cell != null;
      if (cell != null) {
        byte[] bytes = cell.getBytes(StandardCharsets.UTF_8);
        values.writeBytes(littleEndian(bytes.length));
        values.writeBytes(bytes);
      }
    }
    byte[] levels = definitionLevels(present);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(littleEndian(levels.length));
    data.writeBytes(levels);
    data.writeBytes(values.toByteArray());
    byte[] body = data.toByteArray();
    byte[] header =
        new ThriftCompactWriter()
            .i32(1, PAGE_DATA)
            .i32(2, body.length)
            .i32(3, body.length)
            .beginStruct(5) // DataPageHeader
            .i32(1, rows.size())
            .i32(2, ENCODING_PLAIN)
            .i32(3, ENCODING_RLE)
            .i32(4, ENCODING_RLE)
            .endStruct()
            .endStruct()
            .toByteArray();
    ByteArrayOutputStream page = new ByteArrayOutputStream();
    page.writeBytes(header);
    page.writeBytes(body);
    return page.toByteArray();
  }

  /** RLE/bit-packing hybrid, bit width 1, as RLE runs only: varint(count << 1), then the level. */
  private static byte[] definitionLevels(boolean[] present) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int r = 0;
    while (r < present.length) {
      int start = r;
      while (r < present.length && present[r] == present[start]) {
        r++;
      }
      long header = (long) (r - start) << 1;
      while ((header & ~0x7FL) != 0) {
        out.write((int) ((header & 0x7F) | 0x80));
        header >>>= 7;
      }
      out.write((int) header);
      out.write(present[start] ? 1 : 0);
    }
    return out.toByteArray();
  }

  private static byte[] footer(
      List<String> columns, int rowCount, long[] pageOffsets, long[] chunkSizes) {
    ThriftCompactWriter meta = new ThriftCompactWriter().i32(1, 1); // FileMetaData.version
    meta.list(2, ThriftCompactWriter.STRUCT, columns.size() + 1);
    meta.beginStructElement().string(4, "schema").i32(5, columns.size()).endStruct();
    for (String column : columns) {
      meta.beginStructElement()
          .i32(1, TYPE_BYTE_ARRAY)
          .i32(3, REPETITION_OPTIONAL)
          .string(4, column)
          .i32(6, CONVERTED_UTF8)
          .beginStruct(10) // LogicalType union
          .beginStruct(1) // STRING
          .endStruct()
          .endStruct()
          .endStruct();
    }
    meta.i64(3, rowCount);
    meta.list(4, ThriftCompactWriter.STRUCT, 1).beginStructElement(); // one RowGroup
    meta.list(1, ThriftCompactWriter.STRUCT, columns.size());
    long total = 0;
    for (int c = 0; c < columns.size(); c++) {
      total += chunkSizes[c];
      meta.beginStructElement()
          .i64(2, pageOffsets[c]) // file_offset
          .beginStruct(3) // ColumnMetaData
          .i32(1, TYPE_BYTE_ARRAY)
          .list(2, ThriftCompactWriter.I32, 2)
          .i32Element(ENCODING_PLAIN)
          .i32Element(ENCODING_RLE)
          .list(3, ThriftCompactWriter.BINARY, 1)
          .stringElement(columns.get(c))
          .i32(4, CODEC_UNCOMPRESSED)
          .i64(5, rowCount)
          .i64(6, chunkSizes[c])
          .i64(7, chunkSizes[c])
          .i64(9, pageOffsets[c])
          .endStruct()
          .endStruct();
    }
    meta.i64(2, total).i64(3, rowCount).endStruct(); // RowGroup sizes, then close it
    meta.string(6, "conserver");
    return meta.endStruct().toByteArray();
  }

  private static byte[] littleEndian(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }
}
