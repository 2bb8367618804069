package io.conserver.platform.events;

import java.util.List;

/**
 * What one delivery means for a stage: objects to process, nothing to do, or poison.
 *
 * <p>Reasons are short and written for a human; they never hold the payload, nor an object key
 * (keys can carry personal data such as a caller's name or number).
 */
public sealed interface Outcome {

  /** One or more objects were created: process each. Never empty. */
  record Objects(List<ObjectCreated> objects) implements Outcome {
    public Objects {
      objects = List.copyOf(objects);
      if (objects.isEmpty()) {
        throw new IllegalArgumentException("objects must not be empty");
      }
    }
  }

  /**
   * A well-formed event that asks for nothing: a test event, a deletion, a metadata update, a
   * folder placeholder. Acknowledge it.
   */
  record Ignored(String reason) implements Outcome {
    public Ignored {
      java.util.Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Poison: not JSON, JSON of no known shape, a record without bucket or key, a key that is not
   * valid URL-encoding. Retrying cannot help: quarantine it with the reason.
   */
  record Undecodable(String reason) implements Outcome {
    public Undecodable {
      java.util.Objects.requireNonNull(reason, "reason");
    }
  }
}
