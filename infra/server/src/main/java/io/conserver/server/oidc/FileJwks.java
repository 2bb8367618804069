package io.conserver.server.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.Optional;

/** Issuer keys from a JWKS file, read again when it changes (its modification time or size). */
public final class FileJwks implements JwksSource {
  private static final long MAX_BYTES = 256 * 1024;

  private record Snapshot(FileTime modified, long size, JWKSet keys) {}

  private final Path file;
  private volatile Snapshot snapshot;

  public FileJwks(Path file) {
    this.file = file;
  }

  @Override
  public Optional<JWK> key(String kid) {
    return JwksSource.find(current(), kid);
  }

  private JWKSet current() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Snapshot known = snapshot;
      if (known != null && known.modified().equals(modified) && known.size() == size) {
        return known.keys();
      }
      if (size > MAX_BYTES) {
        throw new JwksUnavailableException("the JWKS file is too large", null);
      }
      JWKSet keys = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
      snapshot = new Snapshot(modified, size, keys);
      return keys;
    } catch (IOException | ParseException e) {
      throw new JwksUnavailableException(
          "the JWKS file " + file.getFileName() + " cannot be read", e);
    }
  }
}
