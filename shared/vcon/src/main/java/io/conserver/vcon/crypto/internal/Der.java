package io.conserver.vcon.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The few DER operations needed to turn PKCS#1 and SEC1 private keys into PKCS#8, which is the only
 * encoding the JDK key factories read. Not a general ASN.1 library.
 */
public final class Der {
  public static final int INTEGER = 0x02;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;
  public static final int SEQUENCE = 0x30;

  /** OID 1.2.840.113549.1.1.1 rsaEncryption, content bytes. */
  public static final byte[] RSA_ENCRYPTION = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };

  /** OID 1.2.840.113549.1.1.10 RSASSA-PSS, content bytes. */
  public static final byte[] RSASSA_PSS = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0a
  };

  /** OID 1.2.840.10045.2.1 id-ecPublicKey, content bytes. */
  public static final byte[] EC_PUBLIC_KEY = {
    0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private Der() {}

  /** One decoded TLV: its tag and the content bytes. */
  public record Tlv(int tag, byte[] content) {}

  /** Thrown for anything that is not the expected DER. */
  public static final class DerException extends Exception {
    private static final long serialVersionUID = 1L;

    DerException(String message) {
      super(message);
    }
  }

  /** Decodes the single TLV that must make up {@code der} entirely. */
  public static Tlv decode(byte[] der) throws DerException {
    List<Tlv> all = decodeAll(der);
    if (all.size() != 1) {
      throw new DerException("expected one DER element, found " + all.size());
    }
    return all.get(0);
  }

  /** Decodes consecutive TLVs filling {@code der} (e.g. the content of a SEQUENCE). */
  public static List<Tlv> decodeAll(byte[] der) throws DerException {
    List<Tlv> out = new ArrayList<>();
    int pos = 0;
    while (pos < der.length) {
      int tag = der[pos++] & 0xff;
      if ((tag & 0x1f) == 0x1f) {
        throw new DerException("multi-byte DER tags are not supported");
      }
      if (pos >= der.length) {
        throw new DerException("truncated DER length");
      }
      int first = der[pos++] & 0xff;
      long length;
      if (first < 0x80) {
        length = first;
      } else {
        int octets = first & 0x7f;
        if (octets == 0 || octets > 4) {
          throw new DerException("unsupported DER length encoding");
        }
        length = 0;
        for (int i = 0; i < octets; i++) {
          if (pos >= der.length) {
            throw new DerException("truncated DER length");
          }
          length = (length << 8) | (der[pos++] & 0xff);
        }
      }
      if (length > der.length - pos) {
        throw new DerException("DER element longer than its input");
      }
      byte[] content = new byte[(int) length];
      System.arraycopy(der, pos, content, 0, content.length);
      pos += content.length;
      out.add(new Tlv(tag, content));
    }
    return out;
  }

  /** Encodes one TLV. */
  public static byte[] encode(int tag, byte[]... contents) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] c : contents) {
      body.writeBytes(c);
    }
    byte[] value = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n <= 0xff) {
      out.write(0x81);
      out.write(n);
    } else if (n <= 0xffff) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  /** Wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo. */
  public static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
    byte[] algorithm = encode(SEQUENCE, encode(OID, RSA_ENCRYPTION), encode(NULL));
    return encode(
        SEQUENCE, encode(INTEGER, new byte[] {0}), algorithm, encode(OCTET_STRING, pkcs1));
  }

  /**
   * Wraps a SEC1 ECPrivateKey into a PKCS#8 PrivateKeyInfo, taking the named curve from the SEC1
   * parameters or, when those are absent, from {@code curveOid} (the content of a separate "EC
   * PARAMETERS" block).
   */
  public static byte[] pkcs8FromSec1(byte[] sec1, byte[] curveOid) throws DerException {
    Tlv key = decode(sec1);
    if (key.tag() != SEQUENCE) {
      throw new DerException("an EC private key must be a DER SEQUENCE");
    }
    byte[] curve = curveOid;
    for (Tlv member : decodeAll(key.content())) {
      if (member.tag() == 0xa0) { // [0] parameters
        Tlv parameters = decode(member.content());
        if (parameters.tag() != OID) {
          throw new DerException("only EC keys on a named curve are supported");
        }
        curve = parameters.content();
      }
    }
    if (curve == null) {
      throw new DerException("the EC private key does not name its curve");
    }
    byte[] algorithm = encode(SEQUENCE, encode(OID, EC_PUBLIC_KEY), encode(OID, curve));
    return encode(SEQUENCE, encode(INTEGER, new byte[] {0}), algorithm, encode(OCTET_STRING, sec1));
  }

  /** The algorithm OID (content bytes) of a PKCS#8 PrivateKeyInfo. */
  public static byte[] pkcs8Algorithm(byte[] pkcs8) throws DerException {
    Tlv info = decode(pkcs8);
    if (info.tag() != SEQUENCE) {
      throw new DerException("a PKCS#8 key must be a DER SEQUENCE");
    }
    List<Tlv> members = decodeAll(info.content());
    if (members.size() < 3 || members.get(1).tag() != SEQUENCE) {
      throw new DerException("not a PKCS#8 PrivateKeyInfo");
    }
    List<Tlv> algorithm = decodeAll(members.get(1).content());
    if (algorithm.isEmpty() || algorithm.get(0).tag() != OID) {
      throw new DerException("not a PKCS#8 PrivateKeyInfo");
    }
    return algorithm.get(0).content();
  }

  /** The content bytes of an OBJECT IDENTIFIER TLV (e.g. the body of an "EC PARAMETERS" block). */
  public static byte[] oid(byte[] der) throws DerException {
    Tlv tlv = decode(der);
    if (tlv.tag() != OID) {
      throw new DerException("expected an OBJECT IDENTIFIER");
    }
    return tlv.content();
  }
}
