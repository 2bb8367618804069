package io.conserver.functions.export.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet file with the Apache implementation (parquet-mr), not with our writer's
 * assumptions: rows as column name → value (absent for null), plus the schema it declares.
 */
final class ParquetReadBack {
  final MessageType schema;
  final List<Map<String, String>> rows = new ArrayList<>();

  ParquetReadBack(byte[] file, Path dir) throws IOException {
    Path path = Files.createTempFile(dir, "read-back", ".parquet");
    Files.write(path, file);
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(path), options)) {
      schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group group = records.read();
          Map<String, String> row = new LinkedHashMap<>();
          for (int f = 0; f < schema.getFieldCount(); f++) {
            if (group.getFieldRepetitionCount(f) > 0) {
              row.put(schema.getFieldName(f), group.getString(f, 0));
            }
          }
          rows.add(row);
        }
      }
    }
  }
}
