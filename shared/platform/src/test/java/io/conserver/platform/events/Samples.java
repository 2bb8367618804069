package io.conserver.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample trigger payloads of the repository's top-level {@code events/} folder, read in place
 * (not copied into test resources, so the files `conserver invoke` and the docs use are exactly the
 * ones tested). The folder is found by walking up from the working directory (the module folder
 * under Maven, the repository root in most IDEs) to the first ancestor holding {@code
 * events/README.md}; the system property {@code conserver.events.dir} overrides it.
 */
final class Samples {
  static final String TENANT = "acme";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final EventDecoder DECODER = new EventDecoder();

  /** A sample as a transport hands it over: HTTP headers (maybe none) and a body. */
  record Request(Map<String, String> headers, byte[] body) {
    List<Delivery> decode() {
      return DECODER.decode(body, headers, TENANT);
    }
  }

  private Samples() {}

  static Path dir() {
    String override = System.getProperty("conserver.events.dir");
    if (override != null) {
      return Path.of(override);
    }
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        p != null;
        p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("events/README.md"))) {
        return p.resolve("events");
      }
    }
    throw new IllegalStateException(
        "no events/README.md above "
            + System.getProperty("user.dir")
            + "; set conserver.events.dir");
  }

  static List<String> names() {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(String name) {
    try {
      return (ObjectNode) JSON.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The sample as a request. A file shaped {@code {"headers":{…},"body":{…}}} (binary-mode
   * CloudEvents) gives those headers and the body serialised; any other file is the body itself.
   */
  static Request request(String name) {
    ObjectNode tree = tree(name);
    if (isHttpRequest(tree)) {
      return request(tree);
    }
    return new Request(Map.of(), bytes(name));
  }

  static boolean isHttpRequest(JsonNode tree) {
    return tree.size() == 2 && tree.path("headers").isObject() && tree.has("body");
  }

  static Request request(JsonNode httpRequest) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> h : httpRequest.get("headers").properties()) {
      headers.put(h.getKey(), h.getValue().isTextual() ? h.getValue().textValue() : null);
    }
    return new Request(headers, body(httpRequest.get("body")));
  }

  static byte[] body(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Delivery> decode(String name) {
    return request(name).decode();
  }

  static List<Delivery> decode(JsonNode body) {
    return DECODER.decode(body(body), Map.of(), TENANT);
  }

  static List<Delivery> decode(String body, Map<String, String> headers) {
    return DECODER.decode(body.getBytes(StandardCharsets.UTF_8), headers, TENANT);
  }

  /** The single delivery's outcome. */
  static Outcome only(List<Delivery> deliveries) {
    if (deliveries.size() != 1) {
      throw new AssertionError("expected one delivery, got " + deliveries);
    }
    return deliveries.get(0).outcome();
  }

  /** The single object of a single delivery. */
  static ObjectCreated object(List<Delivery> deliveries) {
    Outcome outcome = only(deliveries);
    if (!(outcome instanceof Outcome.Objects objects) || objects.objects().size() != 1) {
      throw new AssertionError("expected one object, got " + outcome);
    }
    return objects.objects().get(0);
  }

  static String reason(Outcome outcome) {
    if (outcome instanceof Outcome.Undecodable u) {
      return u.reason();
    }
    if (outcome instanceof Outcome.Ignored i) {
      return i.reason();
    }
    throw new AssertionError("expected a reason, got " + outcome);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
