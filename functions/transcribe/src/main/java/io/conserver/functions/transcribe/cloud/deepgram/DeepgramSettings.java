package io.conserver.functions.transcribe.cloud.deepgram;

import java.util.Optional;

/** What a pipeline chooses for Deepgram: model, language (else detected), diarisation. */
record DeepgramSettings(String model, Optional<String> language, boolean diarize) {}
