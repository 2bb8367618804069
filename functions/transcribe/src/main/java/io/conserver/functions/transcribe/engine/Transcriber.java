package io.conserver.functions.transcribe.engine;

import io.conserver.platform.outside.TrustBoundary;

/**
 * One speech-to-text engine. The transcribe stage calls it once per recorded dialog (or per
 * channel, when the dialog gives one channel per party) and never knows which engine it holds.
 *
 * <p>Engines that finish within the call return {@link Progress.Done}. Engines that run as a cloud
 * job (AWS Transcribe, Google Speech-to-Text batch) return {@link Progress.Pending} with the job
 * id; the stage records it and ends, and the job-completion event later calls {@link #resume} — no
 * function waits idle for a job.
 */
public interface Transcriber {
  /** {@code vendor} of the transcript analysis entry, e.g. {@code "cmu"} or {@code "deepgram"}. */
  String vendor();

  /** {@code product} of the transcript analysis entry, e.g. {@code "pocketsphinx-5prealpha"}. */
  String product();

  /** Where the audio goes; third-party engines only run where the pipeline opts in. */
  TrustBoundary boundary();

  Progress transcribe(TranscriptionRequest request) throws TranscriptionException;

  /**
   * Collects the result of a job this engine started. Returns {@link Progress.Pending} again when
   * the job is still running (a completion event can arrive before the result is readable).
   */
  default Progress resume(String jobId) throws TranscriptionException {
    throw new TranscriptionException(
        TranscriptionException.Kind.PERMANENT, vendor() + " does not run asynchronous jobs");
  }
}
