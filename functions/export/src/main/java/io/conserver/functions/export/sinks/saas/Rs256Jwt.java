package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Optional;

/**
 * A compact RS256 JWT (RFC 7515/7519) signed with the JDK. Not nimbus-jose-jwt, which the cloud
 * packages leave out to stay small (see functions/aws application.properties); the tests verify
 * these tokens with nimbus.
 */
final class Rs256Jwt {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Rs256Jwt() {}

  static String sign(ObjectNode claims, RSAPrivateKey key, Optional<String> keyId)
      throws GeneralSecurityException {
    ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "RS256").put("typ", "JWT");
    keyId.ifPresent(id -> header.put("kid", id));
    String signingInput =
        BASE64URL.encodeToString(VconJson.codec().write(header))
            + "."
            + BASE64URL.encodeToString(VconJson.codec().write(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
  }
}
