package io.conserver.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.sources.TeamsRecording;
import io.conserver.functions.ingest.vendor.TeamsSubscriptionKeeper;
import io.conserver.local.config.LocalConfig;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Webhooks of source systems: {@code POST /v1/{tenant}/sources/{twilio|zoom|genesys|teams}}. Each
 * request is authenticated by the source's own signature (no API key: the source cannot send one),
 * then written as the source record ingest already understands into {@code inbox/<pipeline>/},
 * create-if-absent under a key derived from the source's id (a redelivery writes nothing), and
 * answered at once; the ingest stage does the work. A signature mismatch writes nothing.
 */
@Path("/v1/{tenant}/sources")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Sources", description = "Webhooks of source systems, checked by their signatures")
public class SourceWebhookResource {
  private static final Logger LOG = Logger.getLogger(SourceWebhookResource.class);
  private static final long MAX_BODY = 1024 * 1024;

  private final Tenants tenants;
  private final WebhookSecrets secrets;
  private final Map<String, WebhookVerifiers.Source> sources;

  /** A tenant's webhook of one source: where it writes, and the secret its requests carry. */
  private record Webhook(
      TenantContext context, String pipeline, WebhookVerifiers.Source source, String secret) {}

  SourceWebhookResource(Tenants tenants, WebhookSecrets secrets) {
    this.tenants = tenants;
    this.secrets = secrets;
    this.sources = WebhookVerifiers.bySource(Clock.systemUTC());
  }

  /**
   * A Twilio recording status callback (form-encoded), checked with {@code X-Twilio-Signature}
   * (HMAC-SHA1 of the url Twilio called and the sorted parameters, keyed with the account's auth
   * token). The url is the {@code url} setting when the server sits behind a proxy, else the
   * request's own.
   */
  @POST
  @Path("/twilio")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(summary = "Twilio recording status callback (X-Twilio-Signature)")
  public Response twilio(
      @PathParam("tenant") String tenant,
      @QueryParam("pipeline") @DefaultValue("default") String pipeline,
      @HeaderParam("X-Twilio-Signature") String signature,
      @Context UriInfo uri,
      InputStream body) {
    Webhook webhook = webhook("twilio", tenant, pipeline);
    String url = secrets.setting(tenant, "twilio", "url").orElse(uri.getRequestUri().toString());
    byte[] bytes = signedBody(webhook, body, new WebhookVerifiers.Signature(signature, null, url));
    String sid = WebhookVerifiers.form(bytes).path("RecordingSid").asText("");
    if (!sid.matches("[A-Za-z0-9]{1,64}")) {
      throw Problem.failure(422, "bad-record", "Unprocessable", "RecordingSid is missing");
    }
    return accepted(
        webhook,
        "twilio-" + sid + ".form",
        bytes,
        PutOptions.of("application/x-www-form-urlencoded"));
  }

  /**
   * A Zoom webhook, checked with {@code x-zm-signature} and {@code x-zm-request-timestamp} (5
   * minutes of tolerance); {@code endpoint.url_validation} is answered with the encrypted token,
   * {@code recording.completed} goes to the inbox, other events are acknowledged.
   */
  @POST
  @Path("/zoom")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Zoom webhook (x-zm-signature); answers endpoint.url_validation")
  public Response zoom(
      @PathParam("tenant") String tenant,
      @QueryParam("pipeline") @DefaultValue("default") String pipeline,
      @HeaderParam("x-zm-signature") String signature,
      @HeaderParam("x-zm-request-timestamp") String timestamp,
      InputStream body) {
    Webhook webhook = webhook("zoom", tenant, pipeline);
    byte[] bytes =
        signedBody(webhook, body, new WebhookVerifiers.Signature(signature, timestamp, null));
    JsonNode event = json(bytes);
    String type = event.path("event").asText("");
    if (type.equals("endpoint.url_validation")) {
      String plain = event.path("payload").path("plainToken").asText("");
      ObjectNode answer = JsonNodeFactory.instance.objectNode();
      answer.put("plainToken", plain);
      answer.put(
          "encryptedToken", WebhookVerifiers.zoom(webhook.secret()).urlValidationToken(plain));
      return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }
    if (!type.equals("recording.completed")) {
      return Response.ok(status("ignored"), MediaType.APPLICATION_JSON_TYPE).build();
    }
    String meeting = event.path("payload").path("object").path("uuid").asText("");
    if (meeting.isEmpty()) {
      throw Problem.failure(422, "bad-record", "Unprocessable", "payload.object.uuid is missing");
    }
    // Meeting uuids may hold '/' and '=': the key uses their hash.
    return accepted(webhook, "zoom-" + sha256(meeting) + ".json", bytes, PutOptions.JSON);
  }

  /**
   * A Genesys Cloud conversation record, checked with {@code X-Hub-Signature-256}: {@code sha256=}
   * + base64 HMAC-SHA256 of the raw body, keyed with the integration's secret (Genesys Cloud's
   * scheme for its outbound webhooks,
   * https://developer.genesys.cloud/commdigital/digital/openmessaging/validate.html).
   */
  @POST
  @Path("/genesys")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Genesys Cloud conversation record (X-Hub-Signature-256)")
  public Response genesys(
      @PathParam("tenant") String tenant,
      @QueryParam("pipeline") @DefaultValue("default") String pipeline,
      @HeaderParam("X-Hub-Signature-256") String signature,
      InputStream body) {
    Webhook webhook = webhook("genesys", tenant, pipeline);
    byte[] bytes = signedBody(webhook, body, new WebhookVerifiers.Signature(signature, null, null));
    String id = json(bytes).path("conversationId").asText("");
    if (!id.matches("[A-Za-z0-9-]{1,64}")) {
      throw Problem.failure(422, "bad-record", "Unprocessable", "conversationId is missing");
    }
    return accepted(webhook, "genesys-" + id + ".json", bytes, PutOptions.JSON);
  }

  /**
   * Microsoft Graph change notifications of a Teams recordings subscription ({@code
   * communications/onlineMeetings/getAllRecordings}; also usable as its {@code
   * lifecycleNotificationUrl}):
   *
   * <ul>
   *   <li>the subscription's validation request ({@code ?validationToken=...}) is answered 200 with
   *       the token as {@code text/plain}, as Graph requires within 10 s
   *       (https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks);
   *   <li>notifications ({@code {"value": [...]}}) are authenticated by their {@code clientState},
   *       compared in constant time with the tenant's {@code client_state_ref}: one mismatch is 401
   *       and nothing is written; each recording notification goes to the inbox without its
   *       clientState; answered 202;
   *   <li>lifecycle notifications ({@code lifecycleEvent}: reauthorizationRequired,
   *       subscriptionRemoved, missed;
   *       https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events) are
   *       checked the same way, acknowledged, logged and left as a marker for {@link
   *       TeamsSubscriptionKeeper} (renew or re-create at the next {@code conserver teams renew}).
   * </ul>
   */
  @POST
  @Path("/teams")
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, Problem.MEDIA_TYPE})
  @Operation(summary = "Microsoft Graph change notifications (clientState); validation handshake")
  public Response teams(
      @PathParam("tenant") String tenant,
      @QueryParam("pipeline") @DefaultValue("default") String pipeline,
      @QueryParam("validationToken") String validationToken,
      InputStream body) {
    Webhook webhook = webhook("teams", tenant, pipeline);
    if (validationToken != null) {
      if (validationToken.length() > 1024) {
        throw Problem.failure(400, "bad-token", "Bad Request", "validationToken is too long");
      }
      return Response.ok(validationToken, MediaType.TEXT_PLAIN_TYPE)
          .header("X-Content-Type-Options", "nosniff")
          .build();
    }
    TenantContext context = webhook.context();
    JsonNode notifications =
        WebhookVerifiers.notifications(signedBody(webhook, body, WebhookVerifiers.Signature.NONE));
    ObjectNode answer = status("accepted");
    for (JsonNode n : notifications) {
      ObjectNode item = ((ObjectNode) n).deepCopy();
      item.remove("clientState"); // the shared secret stays out of the inbox
      if (item.path("lifecycleEvent").isTextual()) {
        String event = item.path("lifecycleEvent").asText().replaceAll("[^A-Za-z]", "");
        String subscription =
            item.path("subscriptionId").asText("").replaceAll("[^A-Za-z0-9-]", "");
        LOG.warnf(
            "tenant %s: Graph subscription %s: lifecycle event %s (acted on by the next Teams"
                + " renewal: this server's, every conserver.runtime.teams-renew-interval, or"
                + " `conserver teams renew`)",
            tenant, subscription, event);
        if (subscription.matches(TeamsSubscriptionKeeper.SUBSCRIPTION_ID)) {
          // A marker for the keeper: renew (reauthorizationRequired, missed) or re-create
          // (subscriptionRemoved) at its next tick; a later event replaces an earlier one.
          context.store.putBytes(
              TeamsSubscriptionKeeper.LIFECYCLE + subscription,
              VconJson.codec().write(status("pending").put("lifecycleEvent", event)),
              PutOptions.JSON);
        }
        answer.withArray("lifecycle").add(event);
        continue;
      }
      String resource = item.path("resource").asText("");
      if (TeamsRecording.resource(resource).isEmpty()) {
        answer.withArray("ignored").add("not a meeting recording");
        continue;
      }
      if (!item.path("changeType").asText("").equals("created")) {
        // A recording updated or deleted at Microsoft: nothing new to ingest.
        answer.withArray("ignored").add("changeType " + item.path("changeType").asText(""));
        continue;
      }
      String key = BucketLayout.inboxPrefix(pipeline) + "teams-" + sha256(resource) + ".json";
      boolean written = store(context, key, VconJson.codec().write(item), PutOptions.JSON);
      answer.withArray(written ? "inbox" : "repeated").add(key);
    }
    return Response.accepted(answer).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /**
   * The body once it is read whole and carries the source's signature (a mismatch is 401 or 403,
   * and nothing is written).
   */
  private static byte[] signedBody(
      Webhook webhook, InputStream body, WebhookVerifiers.Signature signature) {
    byte[] bytes = read(body);
    WebhookVerifiers.Source source = webhook.source();
    if (!source.verifier().matches(webhook.secret(), bytes, signature)) {
      throw mismatch(source.mismatchStatus(), source.mismatchDetail());
    }
    return bytes;
  }

  private Webhook webhook(String source, String tenant, String pipeline) {
    TenantContext context = context(tenant, pipeline);
    WebhookVerifiers.Source declared = sources.get(source);
    return new Webhook(
        context, pipeline, declared, configured(tenant, source, declared.secretMember()));
  }

  private TenantContext context(String tenant, String pipeline) {
    if (!LocalConfig.isTenantName(tenant)) {
      throw Problem.failure(404, "not-found", "Not Found", "no such tenant");
    }
    TenantContext context =
        tenants
            .tenant(tenant)
            .orElseThrow(() -> Problem.failure(404, "not-found", "Not Found", "no such tenant"));
    if (tenants.pipeline(pipeline).isEmpty()) {
      throw Problem.failure(404, "unknown-pipeline", "Not Found", "no such pipeline");
    }
    return context;
  }

  private String configured(String tenant, String source, String member) {
    return secrets
        .secret(tenant, source, member)
        .orElseThrow(
            () ->
                Problem.failure(
                    404, "not-found", "Not Found", "no " + source + " webhook for this tenant"));
  }

  private static Problem.Failure mismatch(int status, String detail) {
    return Problem.failure(
        status, "bad-signature", status == 401 ? "Unauthorized" : "Forbidden", detail);
  }

  private static Response accepted(Webhook webhook, String name, byte[] bytes, PutOptions options) {
    String key = BucketLayout.inboxPrefix(webhook.pipeline()) + name;
    boolean written = store(webhook.context(), key, bytes, options);
    ObjectNode answer = status(written ? "accepted" : "repeated");
    answer.put("inbox", key);
    return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** Create-if-absent: whether this request wrote it (false for a redelivery). */
  private static boolean store(
      TenantContext context, String key, byte[] bytes, PutOptions options) {
    boolean written = context.store.putBytesIfAbsent(key, bytes, options).isPresent();
    if (written) {
      context.ownWrites.put(key, System.nanoTime());
    }
    return written;
  }

  private static ObjectNode status(String status) {
    return JsonNodeFactory.instance.objectNode().put("status", status);
  }

  private static byte[] read(InputStream body) {
    try {
      byte[] bytes = body.readNBytes((int) MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw Problem.failure(
            413, "too-large", "Payload Too Large", "webhook bodies are at most 1 MiB");
      }
      return bytes;
    } catch (IOException e) {
      throw Problem.failure(
          400, "incomplete-body", "Bad Request", "the body could not be read whole");
    }
  }

  static JsonNode json(byte[] bytes) {
    try {
      JsonNode node = VconJson.codec().read(bytes);
      if (node.isObject()) {
        return node;
      }
    } catch (VconParseException e) {
      // answered below
    }
    throw Problem.failure(400, "malformed-json", "Bad Request", "the body is not a JSON object");
  }

  private static String sha256(String text) {
    return io.conserver.platform.Sha256.hex(text).substring(0, 32);
  }
}
