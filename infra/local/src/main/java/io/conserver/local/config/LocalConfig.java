package io.conserver.local.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The local configuration, {@code <data>/config.json} (created on first use): per tenant, the
 * SHA-256 hashes of its API keys, never the keys themselves.
 *
 * <pre>{"tenants":{"acme":{"api_keys":[{"id":"k1","sha256":"<hex>","created_at":"..."}]}}}</pre>
 *
 * Members this class does not know are kept as they are. Changes are made under an exclusive file
 * lock and written to a temporary file renamed into place, so two CLI processes never lose each
 * other's keys and a reader (the HTTP server reloads the file when it changes) never sees half a
 * file. The file is readable by its owner only.
 */
public final class LocalConfig {
  public static final String FILE_NAME = "config.json";

  /** Prefix of every key this build generates, so a leaked key is recognisable in a scan. */
  public static final String KEY_PREFIX = "cs_";

  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Scopes a key may carry beyond submitting and reading vCons (what every key may do): {@code
   * erase} (right-to-be-forgotten requests), {@code admin} (legal holds), and the sharing scopes.
   */
  public static final java.util.Set<String> SCOPES =
      java.util.Set.of("read-redacted", "read-original", "erase", "admin");

  /** One stored key: its id, the SHA-256 of the key text (UTF-8) and its extra scopes. */
  public record ApiKey(String id, byte[] sha256, String createdAt, List<String> scopes) {
    public ApiKey {
      sha256 = sha256.clone();
      scopes = List.copyOf(scopes);
    }

    public ApiKey(String id, byte[] sha256, String createdAt) {
      this(id, sha256, createdAt, List.of());
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }
  }

  /** A key just created: the key text (shown once, never stored) and what was stored. */
  public record CreatedKey(String key, ApiKey stored) {
    @Override
    public String toString() {
      return "CreatedKey[id=" + stored.id() + "]"; // never the key
    }
  }

  private LocalConfig() {}

  public static Path file(Path data) {
    return data.resolve(FILE_NAME);
  }

  /** Whether a tenant name is one the platform accepts ({@code [a-z0-9][a-z0-9-]{0,62}}). */
  public static boolean isTenantName(String name) {
    return name != null && TENANT.matcher(name).matches();
  }

  public static boolean isKeyId(String id) {
    return id != null && KEY_ID.matcher(id).matches();
  }

  /** Creates {@code config.json} with no tenant if it does not exist yet. */
  public static void ensureExists(Path data) {
    if (!Files.exists(file(data))) {
      update(data, root -> null);
    }
  }

  /**
   * Every tenant's stored keys, by tenant name (tenant names that are not valid are skipped).
   *
   * @throws InvalidConfigException when the file is not valid
   */
  public static Map<String, List<ApiKey>> apiKeys(Path data) {
    Map<String, List<ApiKey>> result = new LinkedHashMap<>();
    Path file = file(data);
    if (!Files.exists(file)) {
      return result;
    }
    JsonNode tenants = read(file).path("tenants");
    if (!tenants.isObject()) {
      return result;
    }
    for (Map.Entry<String, JsonNode> tenant : tenants.properties()) {
      if (!isTenantName(tenant.getKey())) {
        throw new InvalidConfigException(
            file + ": /tenants/" + tenant.getKey() + ": not a valid tenant name");
      }
      result.put(tenant.getKey(), keysOf(file, tenant.getKey(), tenant.getValue()));
    }
    return result;
  }

  /** The tenant's stored keys (ids and hashes), in creation order. */
  public static List<ApiKey> apiKeys(Path data, String tenant) {
    return apiKeys(data).getOrDefault(tenant, List.of());
  }

  /**
   * Generates a key for the tenant (32 random bytes, base64url, prefixed {@value #KEY_PREFIX}),
   * stores its SHA-256 under {@code id} (a fresh {@code kN} when null) and returns the key: the
   * only moment it exists outside the client's hands.
   *
   * @throws IllegalArgumentException for an invalid tenant or id, or an id the tenant already has
   */
  public static CreatedKey createApiKey(Path data, String tenant, String id) {
    return createApiKey(data, tenant, id, List.of());
  }

  /** As {@link #createApiKey(Path, String, String)}, with extra {@link #SCOPES}. */
  public static CreatedKey createApiKey(Path data, String tenant, String id, List<String> scopes) {
    requireTenant(tenant);
    for (String scope : scopes) {
      if (!SCOPES.contains(scope)) {
        throw new IllegalArgumentException(
            "unknown scope '" + scope + "' (known: " + new java.util.TreeSet<>(SCOPES) + ")");
      }
    }
    if (id != null && !isKeyId(id)) {
      throw new IllegalArgumentException(
          "key id must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit: '"
              + id
              + "'");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] hash = sha256(key);
    String createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ApiKey[] stored = new ApiKey[1];
    update(
        data,
        root -> {
          ArrayNode keys = keysNode(root, tenant, true);
          List<String> ids = new ArrayList<>();
          keys.forEach(k -> ids.add(k.path("id").asText()));
          String chosen = id != null ? id : freshId(ids);
          if (ids.contains(chosen)) {
            throw new IllegalArgumentException(
                "tenant '" + tenant + "' already has a key '" + chosen + "'");
          }
          ObjectNode entry = keys.addObject();
          entry.put("id", chosen);
          entry.put("sha256", HexFormat.of().formatHex(hash));
          entry.put("created_at", createdAt);
          if (!scopes.isEmpty()) {
            scopes.forEach(entry.putArray("scopes")::add);
          }
          stored[0] = new ApiKey(chosen, hash, createdAt, scopes);
          return null;
        });
    return new CreatedKey(key, stored[0]);
  }

  /** Removes the tenant's key {@code id}; returns whether it existed. */
  public static boolean revokeApiKey(Path data, String tenant, String id) {
    requireTenant(tenant);
    Boolean removed =
        update(
            data,
            root -> {
              ArrayNode keys = keysNode(root, tenant, false);
              if (keys == null) {
                return false;
              }
              for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).path("id").asText().equals(id)) {
                  keys.remove(i);
                  return true;
                }
              }
              return false;
            });
    return Boolean.TRUE.equals(removed);
  }

  /** SHA-256 of a key's text (UTF-8): what the configuration stores and requests are checked by. */
  public static byte[] sha256(String key) {
    return Sha256.of(key);
  }

  private static String freshId(List<String> taken) {
    for (int n = taken.size() + 1; ; n++) {
      if (!taken.contains("k" + n)) {
        return "k" + n;
      }
    }
  }

  private static void requireTenant(String tenant) {
    if (!isTenantName(tenant)) {
      throw new IllegalArgumentException("not a valid tenant name: '" + tenant + "'");
    }
  }

  private static List<ApiKey> keysOf(Path file, String tenant, JsonNode tenantNode) {
    List<ApiKey> keys = new ArrayList<>();
    JsonNode array = tenantNode.path("api_keys");
    if (array.isMissingNode()) {
      return keys;
    }
    if (!array.isArray()) {
      throw new InvalidConfigException(
          file + ": /tenants/" + tenant + "/api_keys: must be an array");
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode entry = array.get(i);
      String id = entry.path("id").asText("");
      String hash = entry.path("sha256").asText("");
      if (!isKeyId(id) || !SHA256_HEX.matcher(hash).matches()) {
        throw new InvalidConfigException(
            file
                + ": /tenants/"
                + tenant
                + "/api_keys/"
                + i
                + ": needs an id and a sha256 (64 lowercase hex digits)");
      }
      List<String> scopes = new ArrayList<>();
      entry.path("scopes").forEach(scope -> scopes.add(scope.asText()));
      keys.add(
          new ApiKey(
              id, HexFormat.of().parseHex(hash), entry.path("created_at").asText(""), scopes));
    }
    return keys;
  }

  private static ArrayNode keysNode(ObjectNode root, String tenant, boolean create) {
    JsonNode tenants = root.get("tenants");
    if (tenants == null || !tenants.isObject()) {
      if (!create) {
        return null;
      }
      tenants = root.putObject("tenants");
    }
    JsonNode tenantNode = tenants.get(tenant);
    if (tenantNode == null || !tenantNode.isObject()) {
      if (!create) {
        return null;
      }
      tenantNode = ((ObjectNode) tenants).putObject(tenant);
    }
    JsonNode keys = tenantNode.get("api_keys");
    if (keys == null || !keys.isArray()) {
      if (!create) {
        return null;
      }
      keys = ((ObjectNode) tenantNode).putArray("api_keys");
    }
    return (ArrayNode) keys;
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      if (root == null || !root.isObject()) {
        throw new InvalidConfigException(file + ": must hold a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(file + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Read-modify-write under an exclusive lock; the new file replaces the old one atomically.
  private static <T> T update(Path data, Function<ObjectNode, T> change) {
    try {
      Files.createDirectories(data);
      Path file = file(data);
      try (FileChannel lockFile =
          FileChannel.open(
              data.resolve(".config.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockFile.lock();
        try {
          return replace(file, change);
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T replace(Path file, Function<ObjectNode, T> change) throws IOException {
    ObjectNode root;
    if (Files.exists(file)) {
      root = (ObjectNode) read(file);
    } else {
      root = JSON.createObjectNode();
      root.putObject("tenants");
    }
    T result = change.apply(root);
    Path temp =
        Files.createTempFile(
            file.getParent(),
            ".config-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, JSON.writeValueAsBytes(root));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return result;
  }

  /** The configuration file exists but cannot be used; the message names the file and member. */
  public static final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
      super(message);
    }
  }
}
