package io.conserver.functions.analyze.metrics;

import io.conserver.functions.analyze.conversation.Conversation;
import io.conserver.functions.analyze.conversation.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Talk time, silence and interruptions of one transcribed dialog, from its word timings. A party's
 * speech is the union of its words' intervals, with gaps shorter than {@link #BRIDGE_S} bridged
 * (the pauses between words of one sentence). Silence is the dialog's time in which nobody speaks.
 * An interruption is a party starting to speak while another is speaking, overlapping it by at
 * least {@link #MIN_OVERLAP_S} (shorter overlaps are back-channel "mm-hm"s and timing noise); it is
 * counted for the party who started. Words of an unknown speaker (party -1) count as talk, not as
 * any party's, and never as an interruption.
 */
public final class TalkMetrics {
  static final double BRIDGE_S = 0.3;
  static final double MIN_OVERLAP_S = 0.3;

  /** One party's figures. */
  public record PartyTalk(int party, double talkSeconds, int interruptions) {}

  /** One dialog's figures. */
  public record DialogTalk(
      int dialog,
      double duration,
      double silenceSeconds,
      double overlapSeconds,
      List<PartyTalk> parties) {}

  private TalkMetrics() {}

  public static DialogTalk of(int dialog, Conversation.TimedDialog timed) {
    Map<Integer, List<double[]>> byParty = new TreeMap<>();
    for (Word word : timed.words()) {
      byParty.computeIfAbsent(word.party(), p -> new ArrayList<>()).add(interval(word));
    }
    Map<Integer, List<double[]>> speech = new TreeMap<>();
    byParty.forEach((party, intervals) -> speech.put(party, merge(intervals, BRIDGE_S)));
    List<double[]> everyone = new ArrayList<>();
    speech.values().forEach(everyone::addAll);
    double spoken = total(merge(everyone, 0));
    double duration = Math.max(timed.duration(), end(everyone));
    double overlap = 0;
    List<PartyTalk> parties = new ArrayList<>();
    for (Map.Entry<Integer, List<double[]>> entry : speech.entrySet()) {
      int interruptions = 0;
      for (double[] turn : entry.getValue()) {
        for (Map.Entry<Integer, List<double[]>> other : speech.entrySet()) {
          if (other.getKey().equals(entry.getKey())) {
            continue;
          }
          for (double[] theirs : other.getValue()) {
            double shared = Math.min(turn[1], theirs[1]) - Math.max(turn[0], theirs[0]);
            if (shared <= 0) {
              continue;
            }
            if (entry.getKey() < other.getKey()) {
              overlap += shared; // each overlapping pair counted once
            }
            boolean startedInside = turn[0] > theirs[0] && turn[0] < theirs[1];
            if (startedInside
                && shared >= MIN_OVERLAP_S
                && entry.getKey() >= 0
                && other.getKey() >= 0) {
              interruptions++;
            }
          }
        }
      }
      parties.add(new PartyTalk(entry.getKey(), round(total(entry.getValue())), interruptions));
    }
    return new DialogTalk(
        dialog, round(duration), round(Math.max(0, duration - spoken)), round(overlap), parties);
  }

  private static double[] interval(Word word) {
    return new double[] {word.start(), Math.max(word.start(), word.end())};
  }

  static List<double[]> merge(List<double[]> intervals, double bridge) {
    List<double[]> sorted = new ArrayList<>(intervals);
    sorted.sort((a, b) -> Double.compare(a[0], b[0]));
    List<double[]> merged = new ArrayList<>();
    for (double[] next : sorted) {
      if (!merged.isEmpty() && next[0] - merged.get(merged.size() - 1)[1] <= bridge) {
        double[] last = merged.get(merged.size() - 1);
        last[1] = Math.max(last[1], next[1]);
      } else {
        merged.add(new double[] {next[0], next[1]});
      }
    }
    return merged;
  }

  private static double total(List<double[]> intervals) {
    return intervals.stream().mapToDouble(i -> i[1] - i[0]).sum();
  }

  private static double end(List<double[]> intervals) {
    return intervals.stream().mapToDouble(i -> i[1]).max().orElse(0);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }
}
