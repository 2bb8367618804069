package io.conserver.vcon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class VconPathTest {
  private static final JsonNode VCON =
      VconJson.codec()
          .read(
              "{\"uuid\":\"u-1\",\"subject\":\"Order\",\"parties\":["
                  + "{\"name\":\"Alice\",\"tel\":\"+15550000000\",\"role\":\"agent\"},"
                  + "{\"tel\":\"+15550000001\",\"role\":\"customer\",\"mailto\":\"bob@example.com\"}],"
                  + "\"dialog\":[{\"type\":\"recording\",\"start\":\"2026-11-20T09:30:00Z\","
                  + "\"duration\":42.5}],"
                  + "\"analysis\":[{\"type\":\"summary\",\"body\":\"ok\"},"
                  + "{\"type\":\"transcript\",\"body\":{\"text\":\"hello there\"}}]}");

  private static String at(String path) {
    return VconPath.parse(path).select(VCON).toString();
  }

  @Test
  void selects_members_indexes_matches_andEveryElement() {
    assertThat(at("uuid")).isEqualTo("\"u-1\"");
    assertThat(at("subject")).isEqualTo("\"Order\"");
    assertThat(at("parties[role=customer].tel")).isEqualTo("\"+15550000001\"");
    assertThat(at("parties[mailto=bob@example.com].role")).isEqualTo("\"customer\"");
    assertThat(at("analysis[type=transcript].body.text")).isEqualTo("\"hello there\"");
    assertThat(at("dialog[0].start")).isEqualTo("\"2026-11-20T09:30:00Z\"");
    assertThat(at("dialog[0].duration")).isEqualTo("42.5");
    assertThat(at("parties[*].name")).isEqualTo("[\"Alice\",null]");
    assertThat(at("parties[1]")).contains("\"role\":\"customer\"");
  }

  @Test
  void whatIsNotThere_isMissing_notAnError() {
    assertThat(VconPath.parse("dialog[3].start").select(VCON).isMissingNode()).isTrue();
    assertThat(VconPath.parse("parties[role=supervisor].tel").select(VCON).isMissingNode())
        .isTrue();
    assertThat(VconPath.parse("subject.text").select(VCON).isMissingNode()).isTrue();
    assertThat(VconPath.parse("analysis[0].body.text").select(VCON).isMissingNode()).isTrue();
    assertThat(VconPath.parse("attachments[*].type").select(VCON).isMissingNode()).isTrue();
  }

  @Test
  void badSyntax_isRefused_withThePositionAndWhatWasExpected() {
    assertThatThrownBy(() -> VconPath.parse("parties[role=customer.tel"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected ']'")
        .hasMessageContaining("position 25");
    assertThatThrownBy(() -> VconPath.parse("parties..tel"))
        .hasMessageContaining("expected a member name");
    assertThatThrownBy(() -> VconPath.parse("dialog[-1]")).hasMessageContaining("position 7");
    assertThatThrownBy(() -> VconPath.parse("parties[role=]")).hasMessageContaining("a value");
    assertThatThrownBy(() -> VconPath.parse("subject ")).hasMessageContaining("found ' '");
    assertThatThrownBy(() -> VconPath.parse("")).hasMessageContaining("found the end");
    assertThatThrownBy(() -> VconPath.parse("dialog[99999999999]"))
        .hasMessageContaining("below 2^31");
  }

  @Test
  void theFirstMember_mustBeAVconMember() {
    assertThatThrownBy(() -> VconPath.parse("party[0].tel"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'party' is not a vCon member");
  }
}
