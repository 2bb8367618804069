/**
 * Cloud speech-to-text engines behind the {@link io.conserver.functions.transcribe.engine
 * .Transcriber} port: AWS Transcribe and Google Speech-to-Text v2 (the tenant's own cloud, inside
 * the trust boundary; asynchronous jobs), Deepgram and OpenAI (third parties; the stage sends them
 * audio only on the pipeline's explicit opt-in). Each vendor lives in its own sub-package with its
 * {@link io.conserver.functions.transcribe.engine.TranscriberProvider}; this package holds what
 * they share: option reading, the HTTP call with its failure mapping, and the digit spelling that
 * keeps numbers as words.
 */
package io.conserver.functions.transcribe.cloud;
