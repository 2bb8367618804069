package io.conserver.functions.translate.engine.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.translate.engine.http.ContractServer.Request;
import io.conserver.functions.translate.engine.http.ContractServer.Response;
import io.conserver.vcon.VconJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;

/**
 * Amazon Translate's TranslateText, as published, in both wire protocols the service accepts:
 *
 * <ul>
 *   <li>https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html — AWS JSON
 *       1.1: {@code POST /}, {@code X-Amz-Target: AWSShineFrontendService_20170701.TranslateText},
 *       {@code Content-Type: application/x-amz-json-1.1}; body {@code {"Text",
 *       "SourceLanguageCode", "TargetLanguageCode"}}, answer {@code {"TranslatedText",
 *       "SourceLanguageCode", "TargetLanguageCode"}}; Text at most 10,000 bytes
 *       (TextSizeLimitExceededException); UnsupportedLanguagePairException,
 *       TooManyRequestsException, InternalServerException (500), ServiceUnavailableException (503);
 *   <li>https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html — Smithy RPC v2 CBOR,
 *       which AWS SDK for Java 2.57 uses for Translate: {@code POST
 *       /service/AWSShineFrontendService_20170701/operation/TranslateText}, {@code smithy-protocol:
 *       rpc-v2-cbor} on request and response, {@code application/cbor} bodies with the same
 *       members; errors as a body with {@code __type} and {@code message};
 *   <li>https://docs.aws.amazon.com/translate/latest/APIReference/CommonErrors.html — SigV4 {@code
 *       Authorization}; AccessDeniedException (400), UnrecognizedClientException (403),
 *       ThrottlingException (400).
 * </ul>
 *
 * The signature itself is not verified (that would reimplement SigV4 against the secret); its shape
 * and scope (region, service {@code translate}) are. Translation is a stand-in.
 */
final class AwsTranslateFake implements Function<Request, Response> {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  private static final String JSON_TARGET = "AWSShineFrontendService_20170701.TranslateText";
  private static final String CBOR_PATH =
      "/service/AWSShineFrontendService_20170701/operation/TranslateText";
  private static final Pattern SIGV4 =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=(\\w+)/\\d{8}/us-east-1/translate/aws4_request,"
              + " ?SignedHeaders=[a-z0-9;-]*x-amz-date[a-z0-9;-]*, ?Signature=[0-9a-f]{64}");
  private static final CBORFactory CBOR = new CBORFactory();

  /** Which protocol each request used, in order: "json-1.1" or "rpc-v2-cbor". */
  final java.util.List<String> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public Response apply(Request request) {
    boolean cbor;
    if ("POST".equals(request.method())
        && "/".equals(request.path())
        && JSON_TARGET.equals(request.header("X-Amz-Target"))
        && String.valueOf(request.header("Content-Type"))
            .startsWith("application/x-amz-json-1.1")) {
      cbor = false;
    } else if ("POST".equals(request.method())
        && CBOR_PATH.equals(request.path())
        && "rpc-v2-cbor".equals(request.header("smithy-protocol"))
        && "application/cbor".equals(request.header("Content-Type"))) {
      cbor = true;
    } else {
      return Response.json(404, "{\"__type\":\"UnknownOperationException\"}");
    }
    protocols.add(cbor ? "rpc-v2-cbor" : "json-1.1");
    Matcher sig = SIGV4.matcher(String.valueOf(request.header("Authorization")));
    if (!sig.matches() || request.header("X-Amz-Date") == null) {
      return error(cbor, 403, "InvalidSignatureException", "missing or malformed SigV4");
    }
    if (!ACCESS_KEY.equals(sig.group(1))) {
      return error(cbor, 403, "UnrecognizedClientException", "The security token is invalid.");
    }
    Map<String, String> in = cbor ? readCbor(request.bytes()) : readJson(request.body());
    String text = in.getOrDefault("Text", "");
    String from = in.getOrDefault("SourceLanguageCode", "");
    String to = in.getOrDefault("TargetLanguageCode", "");
    if (text.getBytes(StandardCharsets.UTF_8).length > 10_000) {
      return error(cbor, 400, "TextSizeLimitExceededException", "Input text size exceeds limit.");
    }
    if (from.equals("xx")) {
      return error(cbor, 400, "UnsupportedLanguagePairException", "Unsupported language pair");
    }
    switch (text) {
      case "deny":
        return error(cbor, 400, "AccessDeniedException", "not authorized: translate:TranslateText");
      case "throttle":
        return error(cbor, 400, "ThrottlingException", "Rate exceeded");
      case "boom":
        return error(cbor, 500, "InternalServerException", "An internal server error occurred.");
      case "unavailable":
        return error(cbor, 503, "ServiceUnavailableException", "The service is unavailable.");
      default:
        Map<String, String> out = new LinkedHashMap<>();
        out.put("SourceLanguageCode", from);
        out.put("TargetLanguageCode", to);
        out.put("TranslatedText", "[" + to + "] " + text);
        return answer(cbor, 200, out);
    }
  }

  private static Response error(boolean cbor, int status, String type, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("__type", type);
    body.put("message", message);
    Response response = answer(cbor, status, body);
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    headers.put("x-amzn-ErrorType", type);
    return new Response(status, headers, response.body());
  }

  private static Response answer(boolean cbor, int status, Map<String, String> members) {
    if (!cbor) {
      var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      members.forEach(node::put);
      return new Response(
          status,
          Map.of("Content-Type", "application/x-amz-json-1.1"),
          VconJson.codec().write(node));
    }
    return new Response(
        status,
        Map.of("Content-Type", "application/cbor", "smithy-protocol", "rpc-v2-cbor"),
        writeCbor(members));
  }

  private static Map<String, String> readJson(String body) {
    Map<String, String> members = new LinkedHashMap<>();
    JsonNode node = VconJson.codec().read(body);
    node.fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue().asText()));
    return members;
  }

  // The request is a flat map of strings; anything else is skipped.
  private static Map<String, String> readCbor(byte[] body) {
    Map<String, String> members = new LinkedHashMap<>();
    try (JsonParser parser = CBOR.createParser(body)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.getCurrentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          members.put(name, parser.getText());
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return members;
  }

  private static byte[] writeCbor(Map<String, String> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = CBOR.createGenerator(out)) {
      generator.writeStartObject();
      for (Map.Entry<String, String> member : members.entrySet()) {
        generator.writeStringField(member.getKey(), member.getValue());
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
