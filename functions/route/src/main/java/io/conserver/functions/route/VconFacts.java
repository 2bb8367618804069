package io.conserver.functions.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.route.expr.Facts;
import io.conserver.platform.Sha256;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Vcon;
import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * The facts of one vCon that route expressions read. {@code duration} is the sum of the dialogs'
 * {@code duration}s, else the longest transcript's; objections are those of the analyze stage's
 * {@code objections} analyses; tags are the {@code tags} attachments' (an object's member names, or
 * an array's {@code name} / {@code name:value} strings); the sampling key is the first 8 bytes of
 * SHA-256 of the uuid as a fraction of 2^64, so a conversation is always in or out of a sample.
 */
final class VconFacts implements Facts {
  private final Vcon vcon;

  VconFacts(Vcon vcon) {
    this.vcon = vcon;
  }

  @Override
  public double duration() {
    double total =
        vcon.dialogs().stream()
            .map(Dialog::duration)
            .flatMap(java.util.Optional::stream)
            .mapToDouble(BigDecimal::doubleValue)
            .sum();
    if (total > 0) {
      return total;
    }
    return vcon.analysis().stream()
        .filter(a -> "transcript".equals(a.type().orElse("")))
        .flatMap(a -> a.body().stream())
        .mapToDouble(b -> b.path("duration").asDouble(0))
        .max()
        .orElse(0);
  }

  @Override
  public int partyCount() {
    return vcon.parties().size();
  }

  @Override
  public int dialogCount() {
    return vcon.dialogs().size();
  }

  @Override
  public int objections(String type) {
    int count = 0;
    for (Analysis analysis : vcon.analysis()) {
      if (!"objections".equals(analysis.type().orElse("")) || analysis.body().isEmpty()) {
        continue;
      }
      for (JsonNode hit : analysis.body().get().path("objections")) {
        if (type == null || type.equals(hit.path("type").asText())) {
          count++;
        }
      }
    }
    return count;
  }

  @Override
  public boolean tag(String name) {
    for (Attachment attachment : vcon.attachments()) {
      boolean tags = "tags".equals(attachment.purpose().orElse(attachment.text("type").orElse("")));
      JsonNode body = attachment.body().orElse(null);
      if (!tags || body == null) {
        continue;
      }
      if (body.isObject() && body.has(name)) {
        return true;
      }
      for (JsonNode item :
          body.isArray() ? body : com.fasterxml.jackson.databind.node.MissingNode.getInstance()) {
        String text = item.asText("");
        if (text.equals(name) || text.startsWith(name + ":")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public boolean hasAnalysis(String type) {
    return vcon.analysis().stream().anyMatch(a -> type.equals(a.type().orElse("")));
  }

  @Override
  public double sampleKey() {
    byte[] digest = Sha256.of(vcon.uuid());
    long bits = ByteBuffer.wrap(digest, 0, 8).getLong() >>> 11; // 53 bits: exact in a double
    return bits / (double) (1L << 53);
  }
}
