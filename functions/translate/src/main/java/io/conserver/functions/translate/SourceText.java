package io.conserver.functions.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One text of a vCon the stage may translate: a transcript analysis or a text dialog.
 *
 * @param reference where it is, for the ledger ({@code analysis/2}, {@code dialog/3})
 * @param dialogs the dialog indexes the text belongs to
 * @param source the translation entry's {@code source} member ({@code {"analysis": 2}})
 * @param declaredLanguage the language its producer stated (a transcript's {@code language}), as an
 *     ISO 639-1 code
 */
record SourceText(
    String reference,
    List<Integer> dialogs,
    ObjectNode source,
    String text,
    Optional<String> declaredLanguage) {}
