package io.conserver.functions.analyze.conversation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the analyses read from a vCon: who the customers are, every utterance in order, and the
 * timed words of each transcribed dialog (for talk-time metrics).
 *
 * @param partyCount number of parties
 * @param customers party indexes that speak for the customer
 * @param utterances text and transcript utterances, dialog by dialog
 * @param timedDialogs per dialog index, its transcript words and duration in seconds
 */
public record Conversation(
    int partyCount,
    Set<Integer> customers,
    List<Utterance> utterances,
    Map<Integer, TimedDialog> timedDialogs) {
  public Conversation {
    customers = Set.copyOf(customers);
    utterances = List.copyOf(utterances);
    timedDialogs = Map.copyOf(timedDialogs);
  }

  /** The words of one transcribed dialog (all channels merged, by start time) and its length. */
  public record TimedDialog(List<Word> words, double duration) {
    public TimedDialog {
      words = List.copyOf(words);
    }
  }

  public boolean isCustomer(Utterance utterance) {
    return customers.contains(utterance.party());
  }
}
