package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shipped model, in-process: similar meanings are close, unrelated ones far. */
class MiniLmEmbedderTest {
  @Test
  void similarSentences_areCloserThanUnrelatedOnes_andVectorsAreUnitLength() {
    MiniLmEmbedder embedder = MiniLmEmbedder.shared();
    float[] price = embedder.embed("That's way too expensive for us.");
    float[] afford = embedder.embed("The price is more than we can afford right now.");
    float[] address = embedder.embed("Can you confirm my shipping address?");
    assertThat(price).hasSize(384);
    assertThat(SentenceEmbedder.cosine(price, price))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(SentenceEmbedder.cosine(price, afford))
        .isGreaterThan(SentenceEmbedder.cosine(price, address) + 0.3);
  }

  @Test
  void loadingTheModel_leavesDjlOffline_soItNeverCallsTheMetadataServiceOrHome() {
    MiniLmEmbedder.shared();
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
  }
}
