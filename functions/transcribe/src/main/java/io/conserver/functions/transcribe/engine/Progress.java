package io.conserver.functions.transcribe.engine;

/**
 * What an engine answers: the transcript, or the id of a job whose completion resumes the stage.
 */
public sealed interface Progress {
  record Done(Transcript transcript) implements Progress {}

  record Pending(String jobId) implements Progress {}
}
