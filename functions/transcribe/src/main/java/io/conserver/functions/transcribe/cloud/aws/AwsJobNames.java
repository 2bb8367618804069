package io.conserver.functions.transcribe.cloud.aws;

import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.Sha256;
import java.util.regex.Pattern;

/**
 * The Transcribe job of one audio input is named after it, so a redelivered event starts nothing
 * new: Transcribe refuses a second job of the same name ({@code ConflictException}) and the engine
 * takes that as "already started". The name holds the conversation id, dialog and channel (to find
 * a job by eye) and a digest of those with the audio's content hash and language (so re-recorded or
 * redacted audio is a new job). Job names allow {@code [0-9a-zA-Z._-]}, at most 200 characters.
 */
final class AwsJobNames {
  static final Pattern VALID = Pattern.compile("[0-9A-Za-z._-]{1,200}");

  private AwsJobNames() {}

  static String of(String prefix, TranscriptionRequest request, String language) {
    String digest =
        Sha256.hex(
            String.join(
                "\n",
                request.conversationId(),
                String.valueOf(request.dialogIndex()),
                String.valueOf(request.channel()),
                request.audio().contentHash(),
                language));
    String readable = (prefix + request.conversationId()).replaceAll("[^0-9A-Za-z._-]", "_");
    String name =
        readable
            + "-d"
            + request.dialogIndex()
            + "-c"
            + request.channel()
            + "-"
            + digest.substring(0, 16);
    return name.length() <= 200 ? name : name.substring(name.length() - 200);
  }
}
