package io.conserver.functions.export.sinks;

import io.conserver.vcon.Vcon;

/**
 * One export target. Every export must be idempotent (a retried stage exports again to the sinks
 * that already succeeded) and every sink can delete what it holds for a vCon, so an erase reaches
 * it.
 *
 * <p>Throw {@link SinkRejectedException} when the target refuses the vCon for good (retrying would
 * not help); any other exception is treated as transient and retried by the runner.
 */
public interface Sink {
  String name();

  String type();

  SinkReceipt export(Vcon vcon, ExportContext context) throws Exception;

  /** Removes everything this sink holds for the vCon; deleting what is not there is no error. */
  void delete(String vconUuid) throws Exception;
}
