package io.conserver.platform.secrets;

/**
 * Resolves a tenant's secret references: {@code keys:NAME} (a file of the tenant's keys folder, see
 * {@link TenantKeys}) as well as {@link SecretRefs}' {@code env:NAME} and {@code config:key}.
 */
public final class TenantSecrets {
  private final SecretRefs refs;
  private final TenantKeys keys;

  public TenantSecrets(SecretRefs refs, TenantKeys keys) {
    this.refs = refs;
    this.keys = keys;
  }

  /**
   * The value behind {@code reference} for {@code tenant}.
   *
   * @throws SecretReferenceException when the reference is malformed or names nothing
   */
  public String resolve(String tenant, String setting, String reference)
      throws SecretReferenceException {
    if (reference.startsWith("keys:")) {
      return keys.read(tenant, reference.substring(5))
          .filter(v -> !v.isBlank())
          .orElseThrow(
              () -> new SecretReferenceException(setting + " " + reference + " does not exist"));
    }
    return refs.resolve(setting, reference);
  }
}
