package io.conserver.server;

import io.conserver.platform.BucketLayout;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobStore;
import java.util.List;
import java.util.Optional;

/**
 * Which stored copy of a conversation a reader gets. The copies a {@code redact} stage writes, and
 * those of every stage after it (they are made from the redacted one), are redacted; the inbox copy
 * and those of stages before are originals. A reader with {@code read-original} gets the furthest
 * copy of all; one with {@code read-redacted} only gets the furthest redacted copy.
 */
final class VconCopies {
  static final String INBOX = "inbox";

  /** A stored copy: its object key, the stage that wrote it (or {@code inbox}), and its kind. */
  record Copy(String key, String stage, boolean redacted) {}

  private VconCopies() {}

  /** The furthest copy the reader may see, if one is stored. */
  static Optional<Copy> furthest(
      BlobStore store, PipelineDeclaration pipeline, String uuid, boolean originals) {
    List<StageDeclaration> stages = pipeline.stages();
    int firstRedacted = firstRedactedStage(pipeline);
    for (int i = stages.size() - 1; i >= 0; i--) {
      boolean redacted = i >= firstRedacted;
      if (!redacted && !originals) {
        return Optional.empty();
      }
      String stage = stages.get(i).name();
      String key = BucketLayout.outputKey(pipeline.name(), stage, uuid);
      if (store.head(key).isPresent()) {
        return Optional.of(new Copy(key, stage, redacted));
      }
    }
    String inbox = BucketLayout.inboxPrefix(pipeline.name()) + uuid + BucketLayout.VCON_SUFFIX;
    if (originals && store.head(inbox).isPresent()) {
      return Optional.of(new Copy(inbox, INBOX, false));
    }
    return Optional.empty();
  }

  /** The copy a named stage wrote, if the reader may see it and it is stored. */
  static Optional<Copy> ofStage(
      BlobStore store, PipelineDeclaration pipeline, String uuid, String stage, boolean originals) {
    List<StageDeclaration> stages = pipeline.stages();
    int firstRedacted = firstRedactedStage(pipeline);
    for (int i = 0; i < stages.size(); i++) {
      boolean redacted = i >= firstRedacted;
      if (stages.get(i).name().equals(stage) && (originals || redacted)) {
        String key = BucketLayout.outputKey(pipeline.name(), stage, uuid);
        return store.head(key).map(found -> new Copy(key, stage, redacted));
      }
    }
    return Optional.empty();
  }

  /** Whether any copy (of any kind) is stored: tells "not redacted yet" from "no such vCon". */
  static boolean anyStored(BlobStore store, PipelineDeclaration pipeline, String uuid) {
    return furthest(store, pipeline, uuid, true).isPresent();
  }

  /** Index of the first redact stage; past the end when the pipeline redacts nothing. */
  static int firstRedactedStage(PipelineDeclaration pipeline) {
    List<StageDeclaration> stages = pipeline.stages();
    for (int i = 0; i < stages.size(); i++) {
      if ("redact".equals(stages.get(i).function())) {
        return i;
      }
    }
    return stages.size();
  }
}
