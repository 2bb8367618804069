package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.llm.LlmException.Kind;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Amazon Bedrock Converse ({@code POST /model/{modelId}/converse} on {@code
 * bedrock-runtime.<region>.amazonaws.com}), signed with SigV4 by the AWS SDK v2's own signer
 * (service {@code bedrock}); credentials from the function's role (the SDK's default chain) or from
 * declared references. Structured output through a forced tool ({@code toolConfig.toolChoice.tool})
 * whose {@code inputSchema.json} is the answer's schema; the answer is the {@code toolUse.input} of
 * {@code output.message.content}. Inside the trust boundary: the tenant's own AWS account.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 *
 * <p>The request body is built as JSON and signed as bytes, rather than through the bedrockruntime
 * client's document model, so a prompt's JSON Schema reaches the model unchanged.
 */
final class BedrockModel implements LanguageModel {
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

  private final LlmSettings settings;
  private final AwsCredentialsIdentity credentials;
  private final String region;
  private final VendorHttp<LlmException> http;

  BedrockModel(LlmSettings settings, AwsCredentialsIdentity credentials, String region) {
    this.settings = settings;
    this.credentials = credentials;
    this.region = region;
    this.http =
        new VendorHttp<>(
            provider(),
            settings.timeout(),
            List.of(credentials.secretAccessKey()),
            LlmException::of);
  }

  @Override
  public String provider() {
    return "bedrock";
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.TENANT_CLOUD;
  }

  @Override
  public LlmReply complete(LlmRequest request) throws LlmException {
    ObjectNode body = VendorHttp.json().createObjectNode();
    body.putArray("system").addObject().put("text", request.instructions());
    ObjectNode message = body.putArray("messages").addObject().put("role", "user");
    message.putArray("content").addObject().put("text", request.conversation());
    body.putObject("inferenceConfig").put("maxTokens", request.maxTokens());
    ObjectNode tools = body.putObject("toolConfig");
    ObjectNode spec = tools.putArray("tools").addObject().putObject("toolSpec");
    spec.put("name", request.name());
    spec.put("description", "Record the answer in this structure.");
    spec.putObject("inputSchema").set("json", request.schema());
    tools.putObject("toolChoice").putObject("tool").put("name", request.name());
    URI uri =
        URI.create(
            settings.endpointOr("https://bedrock-runtime." + region + ".amazonaws.com")
                + "/model/"
                + URLEncoder.encode(settings.model(), StandardCharsets.UTF_8)
                + "/converse");
    byte[] bytes = VendorHttp.bytes(body);
    JsonNode answer = http.postJson(uri, signedHeaders(uri, bytes), bytes);
    for (JsonNode block : answer.at("/output/message/content")) {
      JsonNode input = block.at("/toolUse/input");
      if (input.isObject()) {
        return new LlmReply(
            input.toString(),
            answer.at("/usage/inputTokens").asInt(0),
            answer.at("/usage/outputTokens").asInt(0));
      }
    }
    throw new LlmException(
        Kind.TRANSIENT,
        "bedrock answered without a toolUse block (stopReason "
            + answer.path("stopReason").asText("?")
            + ")");
  }

  private Map<String, String> signedHeaders(URI uri, byte[] body) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .uri(uri)
            .method(SdkHttpMethod.POST)
            .putHeader("Content-Type", "application/json")
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> headers = new LinkedHashMap<>();
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(java.util.Locale.ROOT);
              if (!RESTRICTED.contains(lower) && !lower.equals("content-type")) {
                headers.put(name, String.join(",", values));
              }
            });
    return headers;
  }
}
