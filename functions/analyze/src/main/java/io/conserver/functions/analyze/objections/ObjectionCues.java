package io.conserver.functions.analyze.objections;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cue phrases: the wordings call-center objections are usually made with. A cue alone is not a
 * verdict (the embedding matcher weighs it), because the same words also accept a sale ("the price
 * is fine"): {@link #RESOLVED} lists the wordings that settle an objection instead of raising one.
 */
final class ObjectionCues {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static final Map<ObjectionType, List<Pattern>> CUES =
      Map.of(
          ObjectionType.PRICE,
          patterns(
              "\\btoo (expensive|pricey|steep|costly|much( money)?)\\b",
              "\\b(can'?t|cannot|can not|couldn'?t) (really )?afford\\b",
              "\\b(out of|over|beyond) (our|my|the) (price range|budget)\\b",
              "\\bbudget (just )?(doesn'?t|does not|won'?t|will not)\\b",
              "\\b(don'?t|do not) have (the )?(money|budget)\\b",
              "\\b(pricey|overpriced|expensive|steep)\\b",
              "\\b(price|cost|bill|rate|fee)s? (is|are|was|were) (way |much |far )?too high\\b",
              "\\bcan'?t justify\\b",
              "\\bnot at (this|that) price\\b",
              "\\bnot happy (paying|with the price)\\b",
              "\\bmore than (i|we) (was |were )?(expect|expected|expecting|want|wanted|hoped)\\b",
              "\\bnot (a price|paying|worth (the|that) (money|price))\\b",
              "\\b(more|double|twice) (than )?what (we|i) (pay|paid|are paying)\\b",
              "\\b(cheaper|lower (the )?price|bring the price down)\\b",
              "\\b(the )?(cost|price) is (the|a) (problem|issue)\\b"),
          ObjectionType.TIMING,
          patterns(
              "\\b(not|isn'?t) (a good|the right) time\\b",
              "\\bnot (right )?now\\b",
              "\\b(call|reach out|get back|check back)( to)?( me| us)?( back)?( again)? (next|in|after|later)\\b",
              "\\b(next|after the|later in the) (week|month|quarter|year|fiscal year|holidays)\\b",
              "\\b(maybe|perhaps) (later|next)\\b",
              "\\bnot ready\\b",
              "\\b(rather|prefer to|better) wait\\b",
              "\\b(think (about it|it over)|sleep on it)\\b",
              "\\bno rush\\b",
              "\\btoo soon\\b",
              "\\btiming\\b",
              "\\b(revisit|not for a while)\\b",
              "\\bmaybe after\\b",
              "\\bwhen things (calm|settle|quiet)\\b",
              "\\bcan'?t take (this|it) on\\b",
              "\\bbefore (the )?(holidays|end of the|new year)\\b"),
          ObjectionType.AUTHORITY,
          patterns(
              "\\b(run (this|it) by|check with|talk (it over |this over )?(to|with)|ask|consult) ((my|our|the) )?(manager|boss|wife|husband|partner|team|director|board|owner|finance|procurement|head office|legal)\\b",
              "\\b(not|isn'?t) (the one|my decision|up to me|my call)\\b",
              "\\b(sign off|approve|approval|final say)\\b",
              "\\b(up to|goes through|go through) (our|my|the)\\b",
              "\\bwithout (asking|checking|the board|approval)\\b",
              "\\bgroup decision\\b",
              "\\b(legal|finance|procurement|management|the board|corporate) (has|have|needs?) to (review|approve|sign|look)\\b",
              "\\b(speak|talk) (with|to) (the|my|our) (owner|manager|boss)\\b",
              "\\b(handles|decides) (all )?(that|this)\\b"),
          ObjectionType.NEED,
          patterns(
              "\\b(don'?t|do not|doesn'?t) (really )?(need|use|see (the )?(value|point|how))\\b",
              "\\bhappy with (what|our|my)\\b",
              "\\b(works|working) (just )?fine\\b",
              "\\boverkill\\b",
              "\\bnot (a )?priority\\b",
              "\\b(already )?(handle|do) (that|it) in.?house\\b",
              "\\bwhat problem\\b",
              "\\bbarely use\\b",
              "\\bnever had a problem\\b",
              "\\b(never|not) [a-z' ]{0,25}had a problem\\b",
              "\\b(wouldn'?t|won'?t|don'?t think we'?d) (ever )?use\\b",
              "\\bnobody (here |on [a-z ]{0,20})?(has )?(asked|needs|wants)\\b"),
          ObjectionType.COMPETITOR,
          patterns(
              "\\b(competitor|another (provider|company|vendor|carrier)|other (provider|company|vendors?|carrier))\\b",
              "\\b(current|existing) (provider|company|vendor|carrier|supplier)\\b",
              "\\b(better|cheaper|lower) (deal|quote|offer|price) (from|at|with)\\b",
              "\\b(verizon|at&t|t-mobile|comcast|xfinity|spectrum|salesforce|hubspot|amazon|zendesk)\\b",
              "\\bwhy (would|should) i switch\\b",
              "\\bmatches that\\b"),
          ObjectionType.TRUST,
          patterns(
              "\\bhow (do|can) i know\\b",
              "\\b(don'?t|do not) (trust|believe)\\b",
              "\\b(bad|terrible|awful) (reviews|experience|reputation)\\b",
              "\\b(scam|rip.?off)\\b",
              "\\bnever heard of\\b",
              "\\b(guarantee|references|wary|worried|not comfortable)\\b",
              "\\bpromised\\b.*\\bnever\\b",
              "\\b(nightmare|always say)\\b"));

  /** Wordings that settle or accept instead of objecting; they veto a cue. */
  static final List<Pattern> RESOLVED =
      patterns(
          "(\\b(is|are|seems)|'s) (fine|fair|good|great|perfect|ok|okay)\\b",
          "\\b(works|fits) (for|with) (me|us|our)\\b",
          "\\b(approved|agreed|signed off)\\b",
          "\\bwhy i'?m (here|calling)\\b",
          "\\b(let'?s|go ahead|sign (me )?up|i'?ll take|ready to)\\b",
          "\\bworth (it|every)\\b",
          "\\b(that'?s|it'?s) (a )?(fair|good|great|reasonable)\\b",
          "\\bcheaper than (i|we)\\b",
          "\\b(we|i) can do (this|it)\\b",
          "\\b(we|i) (definitely |really )?need (this|it|something like)\\b",
          "\\b(switched|signed|moved|came|left) [a-z&' ]{0,40}\\bbecause\\b",
          "\\b(move|act) (fast|quickly)\\b",
          "(?<!not )(?<!n't )\\b(a )?(great|perfect) time\\b",
          "\\b(asked|told) me to (call|set|sign|order|get)\\b",
          "\\bright (choice|fit|plan)\\b");

  /**
   * An objection's wording negated ("not too expensive", "cost isn't an issue", "I don't need to
   * ask anyone"): sentence embeddings barely see a "not", so it is told to the classifier apart.
   */
  static final List<Pattern> NEGATED =
      patterns(
          "(\\bnot|n'?t|\\bnever) (really |at all |that |so |too )*(expensive|pricey|much|steep|costly)\\b",
          "\\b(is|are|was|'s)(n'?t| not) (really )?(an? |the )?(issue|problem|concern|worry)\\b",
          "\\bno (issue|problem|concern|worries)\\b",
          "\\b(don'?t|do not|doesn'?t|no) (need|have) to (ask|check|think|wait|run|talk|call)\\b",
          "(\\bnot|n'?t) (worried|concerned)\\b",
          "(\\bnot|n'?t) (tied|locked|under contract)\\b");

  /** A question, also without its question mark (an ASR transcript has none). */
  private static final Pattern QUESTION =
      Pattern.compile(
          "(\\?\\s*$)|^(\\W*(so|and|okay|ok|yeah|um|uh)\\W+)*(how|what|what'?s|when|where|which|who|is|are|does|do|can|could|would|will)\\b",
          FLAGS);

  private ObjectionCues() {}

  static boolean negated(String sentence) {
    return NEGATED.stream().anyMatch(p -> p.matcher(sentence).find());
  }

  static boolean question(String sentence) {
    return QUESTION.matcher(sentence.strip()).find();
  }

  /**
   * The types whose cues occur in the sentence, unless it settles or negates rather than objects.
   */
  static Set<ObjectionType> matches(String sentence) {
    Set<ObjectionType> found = EnumSet.noneOf(ObjectionType.class);
    if (resolves(sentence) || negated(sentence)) {
      return found;
    }
    CUES.forEach(
        (type, cues) -> {
          if (cues.stream().anyMatch(p -> p.matcher(sentence).find())) {
            found.add(type);
          }
        });
    return found;
  }

  static boolean resolves(String sentence) {
    return RESOLVED.stream().anyMatch(p -> p.matcher(sentence).find());
  }

  private static List<Pattern> patterns(String... regexes) {
    return java.util.Arrays.stream(regexes).map(r -> Pattern.compile(r, FLAGS)).toList();
  }
}
