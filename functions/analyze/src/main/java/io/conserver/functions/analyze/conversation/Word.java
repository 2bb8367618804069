package io.conserver.functions.analyze.conversation;

/** One timed word of a transcript (seconds from its dialog's start; party -1 when unknown). */
public record Word(String text, double start, double end, int party) {}
