package io.conserver.platform.erase;

/** Told what an erase request is doing, for progress output. Messages never name the party. */
@FunctionalInterface
public interface EraseProgress {
  void step(String message);

  EraseProgress SILENT = message -> {};
}
