package io.conserver.functions.analyze.tags;

import io.conserver.functions.analyze.conversation.Utterance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Declared keywords to tags: {@code "keywords": {"cancel-risk": ["cancel", "switch provider"]}}
 * tags the conversation {@code cancel-risk} when any utterance contains one of the phrases as whole
 * words, case-insensitively. The tag's value is the first phrase found (a declared word, never the
 * conversation's text).
 */
public final class KeywordTagger {
  private final Map<String, List<Pattern>> phrases = new LinkedHashMap<>();
  private final Map<String, List<String>> declared;

  public KeywordTagger(Map<String, List<String>> declared) {
    this.declared = Map.copyOf(declared);
    declared.forEach(
        (tag, list) ->
            phrases.put(
                tag,
                list.stream()
                    .map(
                        p ->
                            Pattern.compile(
                                "\\b" + Pattern.quote(p.toLowerCase(Locale.ROOT)) + "\\b"))
                    .toList()));
  }

  /** Tag name to the first declared phrase found, in declaration order. */
  public Map<String, String> tags(List<Utterance> utterances) {
    Map<String, String> found = new LinkedHashMap<>();
    phrases.forEach(
        (tag, patterns) -> {
          for (int i = 0; i < patterns.size() && !found.containsKey(tag); i++) {
            Pattern pattern = patterns.get(i);
            if (utterances.stream()
                .anyMatch(u -> pattern.matcher(u.text().toLowerCase(Locale.ROOT)).find())) {
              found.put(tag, declared.get(tag).get(i));
            }
          }
        });
    return found;
  }
}
