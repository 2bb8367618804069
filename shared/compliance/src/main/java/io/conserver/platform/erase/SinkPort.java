package io.conserver.platform.erase;

import io.conserver.vcon.Vcon;
import java.util.List;

/**
 * How erase reaches the sinks a conversation was exported to, without the platform depending on the
 * export function that owns them: the export module implements this port and the runtime wires it.
 * Every method may throw for a transient failure (the sink is down); the erase request then stays
 * unfinished and a rerun continues where it stopped.
 */
public interface SinkPort {
  /** Removes what the sink of a journal entry holds for the conversation. */
  SinkDeletion delete(SinkJournalEntry entry) throws Exception;

  /** Exports a scrubbed version in place of the erased one (the {@code scrub} policy). */
  void replace(SinkJournalEntry entry, Vcon scrubbed) throws Exception;

  /** Reads every sink whose data can be read from here and reports what the matcher finds. */
  List<SinkScan> scan(ResidueMatcher matcher) throws Exception;

  /** What a deletion achieved. */
  record SinkDeletion(Outcome outcome, String detail) {
    public enum Outcome {
      /** The sink no longer holds the conversation. */
      DELETED,
      /**
       * The sink is a receiver we cannot delete from, but it acknowledged a deletion event (a
       * webhook's {@code vcon.deleted}); removing its copy is its duty, the receipt says so.
       */
      NOTIFIED,
      /**
       * The sink cannot delete (a webhook receiver's copy is out of reach); the receipt says so.
       */
      NOT_DELETABLE
    }

    public static SinkDeletion deleted(String detail) {
      return new SinkDeletion(Outcome.DELETED, detail);
    }

    public static SinkDeletion notified(String detail) {
      return new SinkDeletion(Outcome.NOTIFIED, detail);
    }

    public static SinkDeletion notDeletable(String detail) {
      return new SinkDeletion(Outcome.NOT_DELETABLE, detail);
    }
  }

  /**
   * The residue scan of one sink: how many records were read and which held a trace (record
   * references such as {@code sales_parties/<uuid>/0} and the forms found, never the data).
   */
  record SinkScan(String pipeline, String sink, String type, long records, List<String> matches) {
    public SinkScan {
      matches = List.copyOf(matches);
    }
  }

  /** For tenants without sinks, and for tests of the bucket alone. */
  SinkPort NONE =
      new SinkPort() {
        @Override
        public SinkDeletion delete(SinkJournalEntry entry) {
          return SinkDeletion.notDeletable("no sink access configured");
        }

        @Override
        public void replace(SinkJournalEntry entry, Vcon scrubbed) {}

        @Override
        public List<SinkScan> scan(ResidueMatcher matcher) {
          return List.of();
        }
      };
}
