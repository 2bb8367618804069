package io.conserver.functions.export.sinks;

import java.time.Instant;

/** What a sink may need to know about the run besides the vCon itself. */
public record ExportContext(String tenant, String pipeline, String stage, Instant at) {}
