package io.conserver.functions.ingest.sources;

/**
 * A recording arrived before its sidecar, or a sidecar before its recording: a transient failure,
 * so the drop is retried later.
 */
public final class SidecarPending extends Exception {
  private static final long serialVersionUID = 1L;

  SidecarPending(String sidecarKey) {
    super("waiting for the sidecar " + sidecarKey);
  }

  private SidecarPending(String message, boolean unused) {
    super(message);
  }

  /** A sidecar arrived before its recording. */
  public static SidecarPending recordingOf(String sidecarKey) {
    return new SidecarPending("waiting for the recording of the sidecar " + sidecarKey, true);
  }
}
