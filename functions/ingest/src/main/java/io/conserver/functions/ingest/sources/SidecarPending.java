package io.conserver.functions.ingest.sources;

/** A recording arrived before its sidecar: a transient failure, so the drop is retried later. */
public final class SidecarPending extends Exception {
  private static final long serialVersionUID = 1L;

  SidecarPending(String sidecarKey) {
    super("waiting for the sidecar " + sidecarKey);
  }
}
