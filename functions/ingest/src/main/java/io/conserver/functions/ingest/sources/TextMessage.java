package io.conserver.functions.ingest.sources;

import io.conserver.vcon.Dialog;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One chat or messaging message as a text dialog: its sender first, then everyone else. */
final class TextMessage {
  private TextMessage() {}

  static Dialog dialog(OffsetDateTime at, int sender, Collection<Integer> everyone, String text) {
    List<Integer> parties = new ArrayList<>();
    parties.add(sender);
    everyone.stream().filter(p -> p != sender).sorted().forEach(parties::add);
    return Dialog.builder("text")
        .start(at)
        .parties(parties.toArray(Integer[]::new))
        .originator(sender)
        .mediatype("text/plain")
        .inlineText(text)
        .build();
  }
}
