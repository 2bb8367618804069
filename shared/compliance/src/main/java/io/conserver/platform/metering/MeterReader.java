package io.conserver.platform.metering;

import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.VconJson;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads the metering records of a date range (UTC days, both ends included) from a bucket. */
public final class MeterReader {
  private static final long MAX_RECORD_BYTES = 64 * 1024;

  private final BlobStore store;

  public MeterReader(BlobStore store) {
    this.store = store;
  }

  public List<MeterRecord> read(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "the range ends (" + to + ") before it starts (" + from + ")");
    }
    List<MeterRecord> records = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      for (BlobMetadata entry : store.list("meter/" + day + "/")) {
        records.add(
            MeterRecord.of(VconJson.codec().read(store.getBytes(entry.key(), MAX_RECORD_BYTES))));
      }
    }
    return records;
  }
}
