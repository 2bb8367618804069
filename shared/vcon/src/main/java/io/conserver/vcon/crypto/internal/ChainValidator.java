package io.conserver.vcon.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Validates an x5c certificate chain (leaf first) against trust anchors with explicit checks.
 *
 * <p><b>Why not PKIX.</b> The JDK's {@code CertPathValidator} refuses the WG conformance chain: its
 * intermediate {@code fake_div.crt} is an X.509 <em>v1</em> certificate (no extensions, so no
 * basicConstraints), and PKIX only lets a v1 certificate act as a CA when it is the trust anchor
 * itself ("basic constraints check failed: this is not a CA certificate"). To verify the WG
 * examples, the checks below are done by hand. They follow RFC 5280 path validation for what
 * matters here and leave out what vCon signing does not use (revocation, policies, name
 * constraints; a certificate that marks any of those critical is refused).
 *
 * <p><b>Checks, in order.</b>
 *
 * <ol>
 *   <li>Anchor: walking from the leaf, the first certificate that either <em>equals</em> an anchor
 *       (pinning: the anchor may be the leaf itself or any certificate of the chain) or is
 *       <em>signed by</em> an anchor (issuer name equals the anchor's subject and the signature
 *       verifies with the anchor's key) ends the path; certificates after it are ignored. None:
 *       "certificate chain does not reach a trusted anchor". Signature verification matters: the
 *       WG's unrelated root {@code fake_ca2_root.crt} has the very same subject name as the real
 *       one.
 *   <li>Links: each certificate up to that point is issued by the next one (issuer name and
 *       signature).
 *   <li>Validity: every certificate of the path, the anchor included, is within notBefore..notAfter
 *       at the check instant.
 *   <li>CA rights: every certificate that issues another one (intermediates and the anchor when it
 *       issues the top of the chain) must, when it is a v3 certificate, have basicConstraints with
 *       CA true, respect its pathLenConstraint, and, when it has keyUsage, allow keyCertSign. v1/v2
 *       certificates carry no such extensions and are accepted as issuers, as the WG chain needs.
 *   <li>Leaf: when it has keyUsage, it must allow digitalSignature or nonRepudiation.
 *   <li>No certificate of the path may carry a critical extension other than basicConstraints,
 *       keyUsage, extendedKeyUsage, subjectAltName, subject/authority key identifiers.
 * </ol>
 */
public final class ChainValidator {
  private static final Set<String> UNDERSTOOD_CRITICAL =
      Set.of(
          "2.5.29.19", // basicConstraints
          "2.5.29.15", // keyUsage
          "2.5.29.37", // extendedKeyUsage
          "2.5.29.17", // subjectAltName
          "2.5.29.14", // subjectKeyIdentifier
          "2.5.29.35"); // authorityKeyIdentifier

  private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
  private static final int KEY_USAGE_NON_REPUDIATION = 1;
  private static final int KEY_USAGE_KEY_CERT_SIGN = 5;

  private ChainValidator() {}

  /** The outcome: {@code failure} is null when the chain is trusted, {@code anchor} then set. */
  public record Outcome(String failure, X509Certificate anchor) {
    public boolean trusted() {
      return failure == null;
    }

    static Outcome fail(String reason) {
      return new Outcome(reason, null);
    }
  }

  public static Outcome validate(
      List<X509Certificate> chain, Collection<X509Certificate> anchors, Instant at) {
    if (chain.isEmpty()) {
      return Outcome.fail("empty certificate chain");
    }
    int end = -1;
    X509Certificate issuingAnchor = null; // an anchor outside the chain that issued chain[end]
    X509Certificate anchor = null;
    for (int k = 0; k < chain.size() && end < 0; k++) {
      X509Certificate cert = chain.get(k);
      if (anchors.contains(cert)) {
        end = k;
        anchor = cert;
        break;
      }
      for (X509Certificate candidate : anchors) {
        if (issuedBy(cert, candidate)) {
          end = k;
          anchor = candidate;
          issuingAnchor = candidate;
          break;
        }
      }
    }
    if (end < 0) {
      return Outcome.fail("certificate chain does not reach a trusted anchor");
    }

    for (int i = 0; i < end; i++) {
      if (!issuedBy(chain.get(i), chain.get(i + 1))) {
        return Outcome.fail(
            "certificate chain is broken: "
                + name(chain.get(i))
                + " is not signed by "
                + name(chain.get(i + 1)));
      }
    }

    for (int i = 0; i <= end; i++) {
      String problem = validity(chain.get(i), at);
      if (problem != null) {
        return Outcome.fail(problem);
      }
    }
    if (issuingAnchor != null) {
      String problem = validity(issuingAnchor, at);
      if (problem != null) {
        return Outcome.fail(problem);
      }
    }

    // chain[j] issues chain[j-1]; below it sit the intermediates chain[1..j-1].
    for (int j = 1; j <= end; j++) {
      String problem = caRights(chain.get(j), intermediatesBelow(chain, j));
      if (problem != null) {
        return Outcome.fail(problem);
      }
    }
    if (issuingAnchor != null) {
      String problem = caRights(issuingAnchor, intermediatesBelow(chain, end + 1));
      if (problem != null) {
        return Outcome.fail(problem);
      }
    }

    boolean[] leafUsage = chain.get(0).getKeyUsage();
    if (leafUsage != null
        && !bit(leafUsage, KEY_USAGE_DIGITAL_SIGNATURE)
        && !bit(leafUsage, KEY_USAGE_NON_REPUDIATION)) {
      return Outcome.fail(
          "signer certificate may not sign (keyUsage lacks digitalSignature): "
              + name(chain.get(0)));
    }

    for (int i = 0; i <= end; i++) {
      String problem = criticalExtensions(chain.get(i));
      if (problem != null) {
        return Outcome.fail(problem);
      }
    }
    if (issuingAnchor != null) {
      String problem = criticalExtensions(issuingAnchor);
      if (problem != null) {
        return Outcome.fail(problem);
      }
    }
    return new Outcome(null, anchor);
  }

  /** "CN=…" when the subject has a common name, else the whole RFC 2253 subject. */
  public static String name(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName();
    try {
      List<Rdn> rdns = new LdapName(dn).getRdns();
      for (int i = rdns.size() - 1; i >= 0; i--) { // most specific first
        if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
          return "CN=" + rdns.get(i).getValue();
        }
      }
    } catch (InvalidNameException e) {
      // fall through to the full name
    }
    return dn;
  }

  /** Whether {@code cert} names {@code issuer} as issuer and carries its valid signature. */
  public static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    return verifies(cert, issuer.getPublicKey());
  }

  private static boolean verifies(X509Certificate cert, PublicKey key) {
    try {
      cert.verify(key);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static String validity(X509Certificate cert, Instant at) {
    Instant notAfter = cert.getNotAfter().toInstant();
    Instant notBefore = cert.getNotBefore().toInstant();
    if (at.isAfter(notAfter)) {
      return "certificate expired: " + name(cert) + " (not after " + notAfter + ")";
    }
    if (at.isBefore(notBefore)) {
      return "certificate not yet valid: " + name(cert) + " (not before " + notBefore + ")";
    }
    return null;
  }

  private static int intermediatesBelow(List<X509Certificate> chain, int issuerIndex) {
    int count = 0;
    for (int i = 1; i < issuerIndex && i < chain.size(); i++) {
      X509Certificate cert = chain.get(i);
      if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
        count++; // self-issued certificates do not count (RFC 5280 4.2.1.9)
      }
    }
    return count;
  }

  private static String caRights(X509Certificate issuer, int intermediatesBelow) {
    if (issuer.getVersion() < 3) {
      return null; // v1/v2: no extensions to honour; accepted as CA (see class comment)
    }
    int pathLen = issuer.getBasicConstraints();
    if (pathLen < 0) {
      return "certificate is not a CA but issued another certificate: " + name(issuer);
    }
    if (intermediatesBelow > pathLen) {
      return "certificate path is longer than allowed by "
          + name(issuer)
          + " (pathLen "
          + pathLen
          + ")";
    }
    boolean[] usage = issuer.getKeyUsage();
    if (usage != null && !bit(usage, KEY_USAGE_KEY_CERT_SIGN)) {
      return "certificate may not sign certificates (keyUsage lacks keyCertSign): " + name(issuer);
    }
    return null;
  }

  private static String criticalExtensions(X509Certificate cert) {
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical == null) {
      return null;
    }
    for (String oid : critical) {
      if (!UNDERSTOOD_CRITICAL.contains(oid)) {
        return "certificate has an unsupported critical extension " + oid + ": " + name(cert);
      }
    }
    return null;
  }

  private static boolean bit(boolean[] bits, int index) {
    return index < bits.length && bits[index];
  }
}
