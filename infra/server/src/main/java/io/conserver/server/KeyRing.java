package io.conserver.server;

import io.conserver.local.config.LocalConfig;
import io.conserver.platform.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of every tenant's API key hashes, from {@code config.json}. A presented key
 * is hashed once (SHA-256) and compared with {@link MessageDigest#isEqual} against every stored
 * hash, without stopping at the first match, so timing tells nothing about which hash matched or
 * how close a guess was. Keys themselves are never held.
 */
final class KeyRing {
  /** Longer headers are refused without hashing: no key this build makes is near this long. */
  static final int MAX_KEY_LENGTH = 256;

  private record Entry(String tenant, String id, byte[] sha256, List<String> scopes) {}

  /** The outcome of checking a key for a tenant. */
  enum Verdict {
    VALID,
    OTHER_TENANT,
    INVALID
  }

  /** A verdict and, when valid, the key's id (for logs: the id, never the key) and scopes. */
  record Check(Verdict verdict, String keyId, List<String> scopes) {
    Check(Verdict verdict, String keyId) {
      this(verdict, keyId, List.of());
    }
  }

  private final List<Entry> entries;
  private final Map<String, Integer> keysPerTenant;

  KeyRing(Map<String, List<LocalConfig.ApiKey>> keys) {
    List<Entry> all = new ArrayList<>();
    keys.forEach(
        (tenant, list) ->
            list.forEach(k -> all.add(new Entry(tenant, k.id(), k.sha256(), k.scopes()))));
    this.entries = List.copyOf(all);
    Map<String, Integer> counts = new java.util.TreeMap<>();
    keys.forEach((tenant, list) -> counts.put(tenant, list.size()));
    this.keysPerTenant = Map.copyOf(counts);
  }

  static KeyRing empty() {
    return new KeyRing(Map.of());
  }

  /** Tenants named in the configuration, with their number of keys. */
  Map<String, Integer> keysPerTenant() {
    return new java.util.TreeMap<>(keysPerTenant);
  }

  Check check(String tenant, String presentedKey) {
    if (presentedKey.isEmpty() || presentedKey.length() > MAX_KEY_LENGTH) {
      return new Check(Verdict.INVALID, null);
    }
    byte[] hash = Sha256.of(presentedKey);
    Entry mine = null;
    boolean other = false;
    for (Entry entry : entries) {
      boolean equal = MessageDigest.isEqual(entry.sha256(), hash);
      boolean sameTenant = entry.tenant().equals(tenant);
      if (equal && sameTenant && mine == null) {
        mine = entry;
      }
      other |= equal && !sameTenant;
    }
    if (mine != null) {
      return new Check(Verdict.VALID, mine.id(), mine.scopes());
    }
    return new Check(other ? Verdict.OTHER_TENANT : Verdict.INVALID, null);
  }

  /** The scopes of a tenant's key by id, or empty when the tenant has no such key (revoked). */
  java.util.Optional<List<String>> scopesOf(String tenant, String keyId) {
    return entries.stream()
        .filter(e -> e.tenant().equals(tenant) && e.id().equals(keyId))
        .findFirst()
        .map(Entry::scopes);
  }
}
