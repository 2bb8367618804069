package io.conserver.functions.translate;

import io.conserver.functions.translate.langid.Identification;
import io.conserver.functions.translate.langid.LanguageIdentifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the language of each text of one conversation. A text long and clear enough is identified
 * on its own; a short one ("Sí, es correcto.") takes its producer's declared language if it has
 * one, else the language most of the conversation's clearly identified texts are in (a chat rarely
 * changes language between two messages), else it stays unknown.
 */
final class LanguageResolver {
  /** How a text's language was decided, for the ledger. */
  enum Basis {
    IDENTIFIED,
    DECLARED,
    CONVERSATION
  }

  /** A text and its language, if one could be decided. */
  record Resolved(SourceText text, Optional<String> language, Optional<Basis> basis) {}

  private final LanguageIdentifier identifier;
  private final Set<String> candidates;

  LanguageResolver(LanguageIdentifier identifier, Set<String> candidates) {
    this.identifier = identifier;
    this.candidates = candidates;
  }

  List<Resolved> resolve(List<SourceText> texts) {
    Map<SourceText, Optional<Identification>> identified = new LinkedHashMap<>();
    Map<String, Integer> reliableCounts = new LinkedHashMap<>();
    for (SourceText text : texts) {
      Optional<Identification> id = identifier.identify(text.text(), candidates);
      identified.put(text, id);
      id.filter(Identification::reliable)
          .ifPresent(i -> reliableCounts.merge(i.language(), 1, Integer::sum));
    }
    Optional<String> dominant =
        reliableCounts.entrySet().stream()
            .max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
            .map(Map.Entry::getKey);
    List<Resolved> resolved = new ArrayList<>();
    identified.forEach(
        (text, id) -> {
          if (id.isPresent() && id.get().reliable()) {
            resolved.add(
                new Resolved(
                    text, Optional.of(id.get().language()), Optional.of(Basis.IDENTIFIED)));
          } else if (text.declaredLanguage().filter(candidates::contains).isPresent()) {
            resolved.add(new Resolved(text, text.declaredLanguage(), Optional.of(Basis.DECLARED)));
          } else if (dominant.isPresent()) {
            resolved.add(new Resolved(text, dominant, Optional.of(Basis.CONVERSATION)));
          } else {
            resolved.add(new Resolved(text, Optional.empty(), Optional.empty()));
          }
        });
    return resolved;
  }
}
