package io.conserver.platform.secrets;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The value of a setting that holds either a secret itself (GCP injects it from Secret Manager; the
 * local runtime from a file) or a reference to it that a {@link SecretValueResolver} fetches (AWS:
 * a Secrets Manager ARN, so the key is never in the function's configuration). A fetched value is
 * kept for the life of the process: one request per cold start. Failures are not kept, so a
 * transient one is retried by the next invocation.
 */
public final class SecretValues {
  private final List<SecretValueResolver> resolvers;
  private final ConcurrentMap<String, String> fetched = new ConcurrentHashMap<>();

  public SecretValues(List<SecretValueResolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
  }

  /** The process's instance, with the resolvers on the class path. */
  public static SecretValues system() {
    return Holder.INSTANCE;
  }

  /**
   * The secret a setting gives: the value itself when {@code literal} accepts it, else what the
   * resolver claiming it fetches.
   *
   * @throws SecretReferenceException when the value is neither, or the reference is refused
   */
  public String resolve(String setting, String value, Predicate<String> literal)
      throws SecretReferenceException {
    if (literal.test(value)) {
      return value;
    }
    String reference = value.strip();
    String cached = fetched.get(reference);
    if (cached != null) {
      return cached;
    }
    for (SecretValueResolver resolver : resolvers) {
      if (resolver.claims(reference)) {
        String secret = resolver.resolve(setting, reference);
        fetched.putIfAbsent(reference, secret);
        return secret;
      }
    }
    // The value is not echoed: it may be a mangled secret.
    throw new SecretReferenceException(
        setting
            + " holds neither the secret itself nor a reference this package can resolve"
            + (resolvers.isEmpty()
                ? ""
                : " ("
                    + resolvers.stream()
                        .map(SecretValueResolver::form)
                        .collect(Collectors.joining(", "))
                    + ")"));
  }

  private static final class Holder {
    static final SecretValues INSTANCE =
        new SecretValues(
            ServiceLoader.load(SecretValueResolver.class, SecretValues.class.getClassLoader())
                .stream()
                .map(ServiceLoader.Provider::get)
                .toList());
  }
}
