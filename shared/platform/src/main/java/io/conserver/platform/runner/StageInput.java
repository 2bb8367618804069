package io.conserver.platform.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconJson;
import java.io.InputStream;
import java.time.Clock;

/**
 * Everything a transformation may use: the triggering object (already read, size-limited), the
 * declarations, a clock, and read access to the tenant's bucket for streaming media.
 */
public final class StageInput {
  private final String tenant;
  private final PipelineDeclaration pipeline;
  private final StageDeclaration stage;
  private final ObjectCreated trigger;
  private final BlobMetadata object;
  private final byte[] content;
  private final BlobStore store;
  private final Clock clock;

  StageInput(
      String tenant,
      PipelineDeclaration pipeline,
      StageDeclaration stage,
      ObjectCreated trigger,
      BlobMetadata object,
      byte[] content,
      BlobStore store,
      Clock clock) {
    this.tenant = tenant;
    this.pipeline = pipeline;
    this.stage = stage;
    this.trigger = trigger;
    this.object = object;
    this.content = content;
    this.store = store;
    this.clock = clock;
  }

  public String tenant() {
    return tenant;
  }

  public PipelineDeclaration pipeline() {
    return pipeline;
  }

  public StageDeclaration stage() {
    return stage;
  }

  public ObjectNode options() {
    return stage.options();
  }

  public ObjectCreated trigger() {
    return trigger;
  }

  public BlobMetadata object() {
    return object;
  }

  /** The input object's bytes (a copy). */
  public byte[] content() {
    return content.clone();
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The input as an unsigned vCon, for every stage after ingest.
   *
   * @throws InvalidInputException when it is not one
   */
  public Vcon vcon() throws InvalidInputException {
    try {
      return Vcon.of(VconJson.codec().read(content));
    } catch (VconException e) {
      throw new InvalidInputException("input is not a vCon: " + e.getMessage());
    }
  }

  /** Streams another object of the tenant's bucket (media); the caller closes it. */
  public InputStream open(String key) {
    return store.get(key);
  }
}
