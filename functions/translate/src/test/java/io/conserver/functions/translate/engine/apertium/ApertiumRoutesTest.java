package io.conserver.functions.translate.engine.apertium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApertiumRoutesTest {
  private static final List<String> DEBIAN_MODES =
      List.of(
          "  eco-es-fr",
          "  eng-spa",
          "  es-fr",
          "  fr-es",
          "  pt-es",
          "  ita-spa",
          "  spa-eng",
          "  spa-eng_US",
          "  spa-ita");

  @Test
  void directPair_isOneMode_whateverItsCodesLookLike() {
    assertThat(new ApertiumRoutes(DEBIAN_MODES).route("es", "en")).contains(List.of("spa-eng"));
    assertThat(new ApertiumRoutes(DEBIAN_MODES).route("en", "es")).contains(List.of("eng-spa"));
  }

  @Test
  void withoutADirectPair_goesThroughSpanish() {
    ApertiumRoutes routes = new ApertiumRoutes(DEBIAN_MODES);
    assertThat(routes.route("fr", "en")).contains(List.of("fr-es", "spa-eng"));
    assertThat(routes.route("pt", "en")).contains(List.of("pt-es", "spa-eng"));
    assertThat(routes.route("it", "en")).contains(List.of("ita-spa", "spa-eng"));
  }

  @Test
  void noRoute_whenNoPairsConnect() {
    assertThat(new ApertiumRoutes(DEBIAN_MODES).route("de", "en")).isEmpty();
    assertThat(new ApertiumRoutes(List.of("fr-es")).route("fr", "en")).isEmpty();
  }

  @Test
  void variantAndSpecialModes_areIgnored() {
    assertThat(new ApertiumRoutes(List.of("spa-eng_US", "eco-es-fr")).route("es", "en")).isEmpty();
  }

  @Test
  void packagesFor_namesTheDebianPackages_directOrThroughSpanish() {
    assertThat(ApertiumRoutes.packagesFor("es", "en")).contains("apertium-eng-spa");
    assertThat(ApertiumRoutes.packagesFor("fr", "en")).contains("apertium-fr-es apertium-eng-spa");
    assertThat(ApertiumRoutes.packagesFor("de", "en")).isEmpty();
  }
}
