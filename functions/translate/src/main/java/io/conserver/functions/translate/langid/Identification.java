package io.conserver.functions.translate.langid;

/**
 * The language of one text.
 *
 * @param language ISO 639-1 code ({@code es})
 * @param confidence the detector's probability for it among the candidate languages (0 to 1)
 * @param reliable whether the text was long enough and the answer clear enough to trust alone
 */
public record Identification(String language, double confidence, boolean reliable) {}
