package io.conserver.bench;

import io.conserver.vcon.Analysis;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Realistic vCons of a given shape for the benchmarks. */
final class SampleVcons {
  private SampleVcons() {}

  /** A contact-center conversation: parties, text and recorded dialogs, analyses. */
  static byte[] conversation(int parties, int dialogs, int analyses) {
    OffsetDateTime start = OffsetDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZoneOffset.UTC);
    Vcon.Builder builder =
        Vcon.builder(UUID.fromString("019f15a6-a752-826f-b9a2-279e0d16bc46"), start)
            .subject("Billing question");
    for (int p = 0; p < parties; p++) {
      builder.addParty(
          Party.builder()
              .tel("+1555010" + String.format("%04d", p))
              .name("Party " + p)
              .type(p == 0 ? "customer" : "agent")
              .build());
    }
    for (int d = 0; d < dialogs; d++) {
      Dialog.Builder dialog =
          Dialog.builder(d % 2 == 0 ? "text" : "recording")
              .start(start.plusSeconds(30L * d))
              .parties(0, 1 + d % (parties - 1));
      if (d % 2 == 0) {
        dialog
            .mediatype("text/plain")
            .inlineText(
                "Customer line " + d + ": I was charged twice for my last order, can you check?");
      } else {
        dialog
            .duration(27.5 + d)
            .mediatype("audio/x-wav")
            .external(
                "https://media.example.com/rec/" + d + ".wav",
                ContentHash.sha512(("rec" + d).getBytes(StandardCharsets.UTF_8)));
      }
      builder.addDialog(dialog.build());
    }
    for (int a = 0; a < analyses; a++) {
      builder.addAnalysis(
          Analysis.builder("transcript", "conserver")
              .dialog(a % dialogs)
              .product("pocketsphinx")
              .mediatype("text/plain")
              .inlineText("hello this is a transcript of dialog " + a)
              .build());
    }
    return builder.build().toBytes();
  }
}
