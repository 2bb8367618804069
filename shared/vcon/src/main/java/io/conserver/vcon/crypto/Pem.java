package io.conserver.vcon.crypto;

import io.conserver.vcon.crypto.internal.Der;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files: X.509 certificates ({@code CERTIFICATE}, one or many, leaf first) and
 * unencrypted private keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or
 * SEC1 ({@code EC PRIVATE KEY}, optionally after an {@code EC PARAMETERS} block) encoding, with the
 * JDK alone. Errors are {@link VconCryptoException}s that name the file and the problem, never the
 * key.
 */
public final class Pem {
  /** Far above any certificate chain or key file. */
  static final long MAX_FILE_BYTES = 1024 * 1024;

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

  private Pem() {}

  /** All certificates of a PEM file, in file order (a chain is leaf first). */
  public static List<X509Certificate> readCertificates(Path file) {
    return parseCertificates(readFile(file), file.toString());
  }

  /** The first certificate of a PEM file. */
  public static X509Certificate readCertificate(Path file) {
    return readCertificates(file).get(0);
  }

  /** All certificates in PEM text, in order. */
  public static List<X509Certificate> parseCertificates(String pem) {
    return parseCertificates(pem, "PEM text");
  }

  /** The one private key of a PEM file. */
  public static PrivateKey readPrivateKey(Path file) {
    return parsePrivateKey(readFile(file), file.toString());
  }

  /** The one private key in PEM text. */
  public static PrivateKey parsePrivateKey(String pem) {
    return parsePrivateKey(pem, "PEM text");
  }

  private static List<X509Certificate> parseCertificates(String pem, String source) {
    List<Block> blocks = blocks(pem, source);
    CertificateFactory factory = certificateFactory();
    List<X509Certificate> out = new ArrayList<>();
    for (Block block : blocks) {
      if (!block.label().equals("CERTIFICATE") && !block.label().equals("X509 CERTIFICATE")) {
        continue;
      }
      int number = out.size() + 1;
      byte[] der = block.decode(source);
      try {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | ClassCastException e) {
        throw new VconCryptoException(
            source + ": certificate " + number + " is not a valid X.509 certificate");
      }
    }
    if (out.isEmpty()) {
      throw new VconCryptoException(source + ": no PEM certificate (BEGIN CERTIFICATE) found");
    }
    return List.copyOf(out);
  }

  private static PrivateKey parsePrivateKey(String pem, String source) {
    List<Block> blocks = blocks(pem, source);
    byte[] curveOid = null;
    Block key = null;
    for (Block block : blocks) {
      switch (block.label()) {
        case "EC PARAMETERS":
          try {
            curveOid = Der.oid(block.decode(source));
          } catch (Der.DerException e) {
            throw new VconCryptoException(
                source + ": the EC PARAMETERS block does not name a curve");
          }
          break;
        case "PRIVATE KEY":
        case "RSA PRIVATE KEY":
        case "EC PRIVATE KEY":
          if (key != null) {
            throw new VconCryptoException(source + ": more than one private key in the file");
          }
          if (block.encryptedLegacy()) {
            throw new VconCryptoException(
                source + ": the private key is password-protected, which is not supported");
          }
          key = block;
          break;
        case "ENCRYPTED PRIVATE KEY":
          throw new VconCryptoException(
              source + ": the private key is password-protected, which is not supported");
        default:
          break; // certificates or other blocks next to the key are ignored
      }
    }
    if (key == null) {
      throw new VconCryptoException(
          source
              + ": no PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"
              + " found");
    }
    byte[] der = key.decode(source);
    try {
      switch (key.label()) {
        case "RSA PRIVATE KEY":
          return generate("RSA", Der.pkcs8FromPkcs1(der), source);
        case "EC PRIVATE KEY":
          return generate("EC", Der.pkcs8FromSec1(der, curveOid), source);
        default:
          return generate(pkcs8Algorithm(der, source), der, source);
      }
    } catch (Der.DerException e) {
      throw new VconCryptoException(
          source + ": the " + key.label() + " block is not valid DER (" + e.getMessage() + ")");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static String pkcs8Algorithm(byte[] der, String source) throws Der.DerException {
    byte[] oid = Der.pkcs8Algorithm(der);
    if (Arrays.equals(oid, Der.RSA_ENCRYPTION)) {
      return "RSA";
    }
    if (Arrays.equals(oid, Der.RSASSA_PSS)) {
      return "RSASSA-PSS";
    }
    if (Arrays.equals(oid, Der.EC_PUBLIC_KEY)) {
      return "EC";
    }
    throw new VconCryptoException(
        source + ": unsupported private key algorithm (only RSA and EC keys are supported)");
  }

  private static PrivateKey generate(String algorithm, byte[] pkcs8, String source) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(spec);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new VconCryptoException(source + ": not a valid " + algorithm + " private key");
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static String readFile(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new VconCryptoException(file + ": is a directory, not a PEM file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new VconCryptoException(file + ": too large to be a PEM key or certificate file");
      }
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new VconCryptoException(file + ": file not found");
    } catch (AccessDeniedException e) {
      throw new VconCryptoException(file + ": permission denied");
    } catch (IOException e) {
      throw new VconCryptoException(
          file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static List<Block> blocks(String pem, String source) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (!m.group(1).equals(m.group(3))) {
        throw new VconCryptoException(
            source + ": PEM block BEGIN " + m.group(1) + " ends with END " + m.group(3));
      }
      out.add(new Block(m.group(1), m.group(2)));
    }
    if (out.isEmpty()) {
      throw new VconCryptoException(source + ": not a PEM file (no -----BEGIN ...----- block)");
    }
    return out;
  }

  private static CertificateFactory certificateFactory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
  }

  private record Block(String label, String body) {
    /** Legacy OpenSSL encryption puts RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") in the body. */
    boolean encryptedLegacy() {
      return body.contains("Proc-Type:") || body.contains("DEK-Info:");
    }

    byte[] decode(String source) {
      if (body.indexOf(':') >= 0) {
        throw new VconCryptoException(
            source + ": the " + label + " block has headers, which are not supported");
      }
      String base64 = body.replaceAll("\\s+", "");
      try {
        byte[] der = Base64.getDecoder().decode(base64);
        if (der.length == 0) {
          throw new VconCryptoException(source + ": the " + label + " block is empty");
        }
        return der;
      } catch (IllegalArgumentException e) {
        throw new VconCryptoException(source + ": the " + label + " block is not valid base64");
      }
    }
  }
}
