/**
 * The {@link io.conserver.functions.transcribe.engine.Transcriber} port and its value types.
 * Engines (offline and cloud) implement it in sibling packages; the transcribe stage depends only
 * on this.
 */
package io.conserver.functions.transcribe.engine;
