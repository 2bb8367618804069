package io.conserver.functions.analyze.conversation;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One thing one party said or wrote: a sentence of a text dialog, or a run of a transcript's words
 * by the same speaker.
 *
 * @param dialog the dialog index
 * @param source where it was read, as a pointer into the vCon ({@code analysis/2}, {@code
 *     dialog/4})
 * @param party the party index, or -1 when the speaker is not known
 * @param start seconds from the dialog's start (transcripts), else empty
 * @param end seconds from the dialog's start (transcripts), else empty
 * @param at the message's time as written in the vCon (text dialogs), else empty
 */
public record Utterance(
    int dialog,
    String source,
    int party,
    String text,
    OptionalDouble start,
    OptionalDouble end,
    Optional<String> at) {}
