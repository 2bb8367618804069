/**
 * vCon validation against draft-ietf-vcon-vcon-core: {@link
 * io.conserver.vcon.validation.VconValidator} produces a {@link
 * io.conserver.vcon.validation.ValidationReport} of {@link
 * io.conserver.vcon.validation.ValidationIssue}s, each with a JSON pointer and a stable code.
 *
 * <p>The rules are split by the kind of object they check ({@code UnsignedRules}, {@code
 * PartyRules}, {@code DialogRules}, {@code AnalysisRules}, {@code AttachmentRules}, {@code
 * ContentRules}, {@code LinkRules}, {@code ReferenceRules}, {@code JoseRules}); only the four
 * public types are API.
 */
package io.conserver.vcon.validation;
