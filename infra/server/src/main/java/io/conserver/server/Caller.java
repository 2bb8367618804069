package io.conserver.server;

import java.util.Set;

/**
 * Who is calling, once authenticated: the tenant, the scopes the credential grants (an API key's
 * stored scopes plus {@code read-redacted}, which every key has; a token's mapped {@code
 * scope}/{@code scp} claim) and a principal for records ({@code key:<id>} or {@code oidc:<hash of
 * issuer and subject>}: never the key, never a subject in clear, which may be an e-mail address).
 */
public record Caller(TenantContext context, Set<String> scopes, String principal) {
  public static final String READ_REDACTED = "read-redacted";
  public static final String READ_ORIGINAL = "read-original";

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  /** Whether the caller may read original (unredacted) copies. */
  public boolean readsOriginals() {
    return scopes.contains(READ_ORIGINAL);
  }

  /** Whether the caller may read at all: redacted copies, or originals (which include them). */
  public boolean reads() {
    return scopes.contains(READ_REDACTED) || readsOriginals();
  }
}
