package io.conserver.functions.analyze.objections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The shipped model, in-process: similar meanings are closer than unrelated ones (e5's cosines are
 * compressed: about 0.91 against 0.75 here, so the margin is smaller than MiniLM's was).
 */
class E5SmallEmbedderTest {
  @Test
  void similarSentences_areCloserThanUnrelatedOnes_andVectorsAreUnitLength() {
    E5SmallEmbedder embedder = E5SmallEmbedder.shared();
    float[] price = embedder.embed("That's way too expensive for us.");
    float[] afford = embedder.embed("The price is more than we can afford right now.");
    float[] address = embedder.embed("Can you confirm my shipping address?");
    assertThat(price).hasSize(384);
    assertThat(SentenceEmbedder.cosine(price, price))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(SentenceEmbedder.cosine(price, afford))
        .isGreaterThan(SentenceEmbedder.cosine(price, address) + 0.1);
  }

  @Test
  void loadingTheModel_leavesDjlOffline_soItNeverCallsTheMetadataServiceOrHome() {
    E5SmallEmbedder.shared();
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
  }
}
