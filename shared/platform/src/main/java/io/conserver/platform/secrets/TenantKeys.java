package io.conserver.platform.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's own key files, read by name: locally {@code <data>/<tenant>/keys/<name>} (the folder
 * the local runtime keeps its keys in, mode 700). Names come from pipeline declarations ({@code
 * keys:vcon-decryption.pem}), so they are checked to be plain file names, never paths.
 */
public final class TenantKeys {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final long MAX_BYTES = 1024 * 1024;

  private final Optional<Path> data;

  private TenantKeys(Optional<Path> data) {
    this.data = data;
  }

  /** Key folders under this data directory. */
  public static TenantKeys under(Path data) {
    return new TenantKeys(Optional.of(data));
  }

  /** No key folders (the cloud: keys come by env:/config: reference from its secret store). */
  public static TenantKeys none() {
    return new TenantKeys(Optional.empty());
  }

  /**
   * The data directory the local runtime runs with ({@code conserver.data} system property, else
   * {@code CONSERVER_DATA}); none when neither is set.
   */
  public static TenantKeys fromEnvironment() {
    String data = System.getProperty("conserver.data", System.getenv("CONSERVER_DATA"));
    return data == null || data.isBlank() ? none() : under(Path.of(data));
  }

  /**
   * The named key file of the tenant, as text; empty when it does not exist.
   *
   * @throws SecretReferenceException when the name is not a plain file name, this runtime has no
   *     key folders, or the file cannot be read
   */
  public Optional<String> read(String tenant, String name) throws SecretReferenceException {
    if (!NAME.matcher(name).matches() || !TENANT.matcher(tenant).matches()) {
      throw new SecretReferenceException(
          "keys:"
              + name
              + " must name a file of the tenant's keys folder (letters, digits, . _ -)");
    }
    if (data.isEmpty()) {
      throw new SecretReferenceException(
          "keys:" + name + ": this runtime has no tenant keys folder; use env:NAME or config:key");
    }
    Path file = data.get().resolve(tenant).resolve("keys").resolve(name);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new SecretReferenceException("keys:" + name + " is too large to be a key file");
      }
      return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new SecretReferenceException(
          "keys:" + name + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
