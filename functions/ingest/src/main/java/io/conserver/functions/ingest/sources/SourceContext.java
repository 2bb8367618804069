package io.conserver.functions.ingest.sources;

import io.conserver.platform.runner.StageInput;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a converter may use besides the record: the conversation id to give (derived from the drop,
 * so a redelivery gets the same one), the upload time, and the stage input to reach the tenant's
 * bucket and media (null in pure tests of formats that never touch them).
 */
public record SourceContext(UUID id, OffsetDateTime uploaded, StageInput input) {}
