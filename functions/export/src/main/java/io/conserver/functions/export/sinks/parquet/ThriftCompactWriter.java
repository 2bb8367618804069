package io.conserver.functions.export.sinks.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The subset of Thrift's compact protocol that Parquet metadata needs: structs, i32, i64, binary
 * and lists (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md).
 * Fields must be written in increasing id order within a struct.
 */
final class ThriftCompactWriter {
  static final int I32 = 5;
  static final int I64 = 6;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int STRUCT = 12;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Deque<Integer> lastFieldIds = new ArrayDeque<>();
  private int lastFieldId;

  byte[] toByteArray() {
    return out.toByteArray();
  }

  ThriftCompactWriter i32(int id, int value) {
    fieldHeader(id, I32);
    varint(zigzag(value));
    return this;
  }

  ThriftCompactWriter i64(int id, long value) {
    fieldHeader(id, I64);
    varint(zigzag(value));
    return this;
  }

  ThriftCompactWriter string(int id, String value) {
    fieldHeader(id, BINARY);
    rawString(value);
    return this;
  }

  /** Opens a struct-valued field; close it with {@link #endStruct()}. */
  ThriftCompactWriter beginStruct(int id) {
    fieldHeader(id, STRUCT);
    return beginStructElement();
  }

  /** Opens a struct that is a list element (no field header). */
  ThriftCompactWriter beginStructElement() {
    lastFieldIds.push(lastFieldId);
    lastFieldId = 0;
    return this;
  }

  ThriftCompactWriter endStruct() {
    out.write(0); // STOP
    lastFieldId = lastFieldIds.isEmpty() ? 0 : lastFieldIds.pop();
    return this;
  }

  /** A list field header; the caller writes {@code size} elements of {@code elementType}. */
  ThriftCompactWriter list(int id, int elementType, int size) {
    fieldHeader(id, LIST);
    if (size < 15) {
      out.write((size << 4) | elementType);
    } else {
      out.write(0xF0 | elementType);
      varint(size);
    }
    return this;
  }

  /** A list element of type i32. */
  ThriftCompactWriter i32Element(int value) {
    varint(zigzag(value));
    return this;
  }

  /** A list element of type binary. */
  ThriftCompactWriter stringElement(String value) {
    rawString(value);
    return this;
  }

  private void fieldHeader(int id, int type) {
    int delta = id - lastFieldId;
    if (delta > 0 && delta <= 15) {
      out.write((delta << 4) | type);
    } else {
      out.write(type);
      varint(zigzag(id));
    }
    lastFieldId = id;
  }

  private void rawString(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  private static long zigzag(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private void varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
