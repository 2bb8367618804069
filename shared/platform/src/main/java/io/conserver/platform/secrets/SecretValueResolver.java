package io.conserver.platform.secrets;

/**
 * Fetches a secret from a cloud secret store, given a reference of its own kind (on AWS a Secrets
 * Manager ARN). Found by {@link java.util.ServiceLoader}: a cloud's adapters module registers one,
 * so a cloud-neutral function resolves a setting without depending on any cloud's SDK.
 */
public interface SecretValueResolver {
  /**
   * Whether the value is a reference of this resolver's kind, judged by its prefix alone: a claimed
   * value that is malformed is then refused by {@link #resolve} with a precise error.
   */
  boolean claims(String value);

  /** The form of reference this resolver takes, for the error naming what a setting may hold. */
  String form();

  /**
   * The secret's text. Messages name the setting, and the reference only once it is well-formed;
   * never the secret's value.
   *
   * @throws SecretReferenceException when the reference is malformed, names nothing or may not be
   *     read: retrying will not fix it. Other exceptions (the store unreachable) are transient.
   */
  String resolve(String setting, String reference) throws SecretReferenceException;
}
