package io.conserver.functions.export;

import io.conserver.vcon.Vcon;

/** Small vCons for the export tests (made-up people, example.com). */
public final class TestVcons {
  public static final String UUID = "019f15a6-a752-826f-b9a2-279e0d16bc46";

  private TestVcons() {}

  public static Vcon call(String analysisVendor, String... partyNames) {
    StringBuilder parties = new StringBuilder();
    for (int i = 0; i < partyNames.length; i++) {
      parties
          .append(i == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(partyNames[i])
          .append("\",\"tel\":\"+1555000000")
          .append(i)
          .append("\"}");
    }
    return Vcon.parse(
        "{\"uuid\":\""
            + UUID
            + "\",\"created_at\":\"2026-11-20T09:30:00Z\",\"subject\":\"Order, \\\"late\\\"\","
            + "\"parties\":["
            + parties
            + "],\"dialog\":[{\"type\":\"recording\",\"start\":\"2026-11-20T09:30:00Z\","
            + "\"duration\":42.5,\"parties\":[0,1],\"mediatype\":\"audio/x-wav\","
            + "\"url\":\"https://media.example.com/a.wav\"}],"
            + "\"analysis\":[{\"type\":\"summary\",\"vendor\":\""
            + analysisVendor
            + "\",\"dialog\":0,\"body\":\"ok\",\"encoding\":\"none\"}],"
            + "\"attachments\":[]}");
  }

  public static Vcon call() {
    return call("acme", "Alice", "Bob");
  }
}
