package io.conserver.platform.holds;

import java.time.Instant;

/**
 * A legal hold: while it exists, neither erase nor expiry may touch what it covers.
 *
 * @param id {@code conversation/<uuid>/<case>} or {@code party/<hmac>/<case>}: what {@code hold
 *     release} takes
 * @param kind {@code conversation} or {@code party}
 * @param target the conversation uuid, or the HMAC of the party's normalised identifier (never the
 *     identifier itself)
 * @param caseId the matter the hold is for (several cases may hold the same target)
 * @param reason a short note for operators; it should name the case, not the person
 */
public record Hold(
    String id, String kind, String target, String caseId, String reason, Instant setAt) {}
