package io.conserver.testing;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The lifecycle function's configuration for tests that run it in a package or a one-shot. */
public final class TestLifecycle {
  private TestLifecycle() {}

  /** One pipeline whose ingest copies are kept 30 days (what CONSERVER_PIPELINES_JSON holds). */
  public static String pipelines(String name) {
    return "[{\"name\":\""
        + name
        + "\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"}],"
        + "\"retention_days\":{\"ingest\":30}}]";
  }

  /**
   * The environment Terraform gives the lifecycle function besides the store's: {@link #pipelines},
   * a party-index key and the receipt key (PEM, as {@code ReceiptKeyPem.format} writes it); a
   * mutable map, for the entry point or the store to be added.
   */
  public static Map<String, String> environment(String pipeline, String receiptKeyPem) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONSERVER_PIPELINES_JSON", pipelines(pipeline));
    env.put("CONSERVER_PARTY_INDEX_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("CONSERVER_RECEIPT_KEY", receiptKeyPem);
    return env;
  }
}
