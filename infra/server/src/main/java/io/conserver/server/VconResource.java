package io.conserver.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobTooLargeException;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import io.conserver.vcon.VconUuid;
import io.conserver.vcon.validation.ValidationIssue;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.ValidationReport;
import io.conserver.vcon.validation.VconValidator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code /v1/{tenant}/vcons}: submit a vCon to a pipeline's inbox, read a conversation's latest
 * copy, find conversations by party. The write path is lean on purpose: one bounded read of the
 * body, one parse, one lenient validation, one create-if-absent write (temporary file + hard link:
 * atomic, never a partial object), then 202; the stages run afterwards on the runtime's threads.
 */
@Path("/v1/{tenant}/vcons")
@Tag(name = "vCons", description = "Submit and read conversations")
@SecurityRequirement(name = VconResource.SECURITY)
public class VconResource {
  static final String SECURITY = "apiKey";
  static final String STAGE_HEADER = "Conserver-Stage";
  static final String VCON_JSON = "application/vcon+json";

  /** Reading needs one of these (every API key has read-redacted). */
  static final java.util.Set<String> READ_SCOPES =
      java.util.Set.of(Caller.READ_REDACTED, Caller.READ_ORIGINAL);

  private static final Logger LOG = Logger.getLogger(VconResource.class);
  private static final PutOptions INBOX_OPTIONS = PutOptions.VCON;
  private static final String ACCEPTED_MEDIA = "application/json or application/vcon+json";
  private static final com.fasterxml.jackson.databind.ObjectWriter ACCEPTED_WRITER =
      new com.fasterxml.jackson.databind.ObjectMapper().writerFor(Accepted.class);

  private final Tenants tenants;
  private final ApiAuth auth;
  private final long maxBodyBytes;
  private final boolean fsync;
  private final BacklogLimit backlog;

  VconResource(Tenants tenants, ApiAuth auth, ServerConfig config) {
    this.tenants = tenants;
    this.auth = auth;
    this.maxBodyBytes = config.api().maxBodySize().asLongValue();
    this.fsync = config.api().fsync();
    this.backlog = new BacklogLimit(config.api().maxPendingEvents());
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Submit a vCon",
      description =
          "Validates the vCon leniently and drops it into the pipeline's inbox"
              + " (inbox/<pipeline>/<uuid>.vcon.json); the pipeline's stages then run on it. The"
              + " vCon must carry its uuid (the conversation id). Re-sending the same bytes is"
              + " harmless (202 again); the same uuid with other content is a conflict (409)."
              + " Multipart audio with metadata needs the audio source adapter, which this build"
              + " does not include: such requests get 415.")
  @RequestBody(
      required = true,
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "a vCon (unsigned form)")),
        @Content(
            mediaType = VCON_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "a vCon (unsigned form)"))
      })
  @APIResponse(
      responseCode = "202",
      description = "Accepted: the vCon is in the pipeline's inbox",
      headers = @Header(name = "Location", description = "where to GET the conversation"),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Accepted.class)))
  @APIResponse(responseCode = "401", description = "No API key, or not a valid one")
  @APIResponse(responseCode = "403", description = "The key belongs to another tenant")
  @APIResponse(responseCode = "404", description = "Unknown pipeline")
  @APIResponse(responseCode = "409", description = "This uuid was submitted with other content")
  @APIResponse(responseCode = "413", description = "The body is larger than the limit")
  @APIResponse(
      responseCode = "415",
      description = "Not a vCon JSON content type (multipart audio is not supported yet)")
  @APIResponse(
      responseCode = "503",
      description =
          "The pipeline's backlog is at conserver.api.max-pending-events: send again after"
              + " Retry-After seconds")
  @APIResponse(
      responseCode = "422",
      description =
          "Malformed JSON, a signed/encrypted vCon, no uuid, or validation errors (in `errors`:"
              + " pointer, code, message)")
  public Response submit(
      @Parameter(description = "Tenant name") @PathParam("tenant") String tenant,
      @Parameter(description = "Pipeline whose inbox receives the vCon")
          @QueryParam("pipeline")
          @DefaultValue("default")
          String pipeline,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      InputStream body) {
    TenantContext context = authorize(tenant, authorization);
    PipelineDeclaration declaration = pipeline(pipeline);
    refuseWhenBacklogged(context);
    checkMediaType(contentType);
    byte[] bytes = readBody(contentLength, body);

    JsonNode document;
    try {
      document = VconJson.codec().read(bytes);
    } catch (VconParseException e) {
      context.rejected.increment();
      // The validator words parse errors without quoting the input.
      throw invalid(
          "malformed-json",
          "Malformed JSON",
          "the body is not a JSON document",
          VconValidator.validate(bytes, ValidationMode.LENIENT));
    }
    VconForm form = VconForm.of(document);
    if (form != VconForm.UNSIGNED) {
      context.rejected.increment();
      throw Problem.failure(
          422,
          "unsupported-form",
          "Unsupported vCon Form",
          "a "
              + form.name().toLowerCase(Locale.ROOT)
              + " vCon needs the tenant's keys; this endpoint takes the unsigned form");
    }
    ValidationReport report = VconValidator.standard().check(document, ValidationMode.LENIENT);
    if (!report.isValid()) {
      context.rejected.increment();
      throw invalid("invalid-vcon", "Invalid vCon", "the vCon fails validation", report);
    }
    JsonNode uuidNode = document.get("uuid");
    String uuid = uuidNode == null ? null : uuidNode.textValue();
    if (!VconUuid.isCanonical(uuid)) {
      context.rejected.increment();
      throw Problem.failure(
          unprocessable(
              "missing-uuid",
              "vCon Without uuid",
              "the vCon must carry its uuid (the conversation id) in the canonical 8-4-4-4-12 form",
              List.of(
                  ValidationIssue.error(
                      "/uuid",
                      uuid == null ? "required" : "format",
                      "a canonical uuid is required to submit a vCon over HTTP")),
              List.of()));
    }

    String key = BucketLayout.inboxPrefix(declaration.name()) + uuid + BucketLayout.VCON_SUFFIX;
    Optional<BlobMetadata> written = context.store.putBytesIfAbsent(key, bytes, INBOX_OPTIONS);
    if (written.isPresent()) {
      context.ownWrites.put(key, System.nanoTime());
      if (fsync) {
        force(context, key);
      }
      context.accepted.increment();
    } else if (sameContent(context, key, bytes)) {
      context.repeated.increment(); // a retry of a request that was accepted: answer the same
    } else {
      context.conflicts.increment();
      throw Problem.failure(
          409,
          "conflict",
          "Conflict",
          "vCon "
              + uuid
              + " was already submitted to pipeline '"
              + declaration.name()
              + "' with other content; a changed conversation needs a new uuid");
    }
    String location = "/v1/" + context.name + "/vcons/" + uuid;
    return accepted(new Accepted(uuid, "accepted", location, warnings(report)));
  }

  /**
   * The 202, serialised here into bytes and with the Location as the path (RFC 9110 allows a
   * relative reference): the generic entity writer and the absolute-URI resolution (which parses
   * the request's forwarding headers) cost more than the rest of the response on this hot path.
   */
  private static Response accepted(Accepted accepted) {
    byte[] json;
    try {
      json = ACCEPTED_WRITER.writeValueAsBytes(accepted);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an Accepted record always serialises", e);
    }
    return Response.accepted(json)
        .header(HttpHeaders.LOCATION, accepted.location())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /**
   * A recording with its metadata (multipart/form-data: part {@code audio}, the file; part {@code
   * metadata}, optional JSON in the sidecar shape). The recording and its sidecar go into the inbox
   * under the conversation id, which is chosen here (the metadata's {@code uuid}, else a new
   * UUIDv8), so the 202 can name it; the ingest stage turns them into a vCon.
   */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Submit a recording (audio or video) with its metadata")
  public Response submitRecording(
      @Parameter(description = "Tenant name") @PathParam("tenant") String tenant,
      @Parameter(description = "Pipeline whose inbox receives the recording")
          @QueryParam("pipeline")
          @DefaultValue("default")
          String pipeline,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @org.jboss.resteasy.reactive.RestForm("audio")
          org.jboss.resteasy.reactive.multipart.FileUpload audio,
      @org.jboss.resteasy.reactive.RestForm("metadata") String metadata) {
    TenantContext context = authorize(tenant, authorization);
    PipelineDeclaration declaration = pipeline(pipeline);
    refuseWhenBacklogged(context);
    if (audio == null) {
      throw Problem.failure(
          400, "missing-audio", "Bad Request", "send the recording as the multipart part `audio`");
    }
    io.conserver.functions.ingest.sources.MediaKind kind = mediaKind(audio.uploadedFile());
    ObjectNode sidecar = sidecar(metadata);
    String uuid =
        sidecar.hasNonNull("uuid")
            ? sidecar.get("uuid").asText()
            : VconUuid.generate("conserver.io").toString();
    sidecar.put("uuid", uuid);
    String stem = BucketLayout.inboxPrefix(declaration.name()) + uuid;
    // The sidecar first, so the stage finds it whichever event it handles first.
    context.store.putBytesIfAbsent(
        stem + ".json", VconJson.codec().write(sidecar), PutOptions.JSON);
    try (InputStream in = java.nio.file.Files.newInputStream(audio.uploadedFile())) {
      Optional<BlobMetadata> written =
          context.store.putIfAbsent(
              stem + "." + kind.extension(), in, audio.size(), PutOptions.of(kind.mediatype()));
      if (written.isEmpty()) {
        context.repeated.increment();
      } else {
        context.ownWrites.put(stem + "." + kind.extension(), System.nanoTime());
        context.accepted.increment();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String location = "/v1/" + context.name + "/vcons/" + uuid;
    return accepted(new Accepted(uuid, "accepted", location, null));
  }

  private static io.conserver.functions.ingest.sources.MediaKind mediaKind(
      java.nio.file.Path file) {
    byte[] head;
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      head = in.readNBytes(io.conserver.functions.ingest.sources.MediaKind.HEAD_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return io.conserver.functions.ingest.sources.MediaKind.detect(head)
        .orElseThrow(
            () ->
                Problem.failure(
                    415,
                    "unsupported-media-type",
                    "Unsupported Media Type",
                    "the `audio` part is not a recording this build reads (WAV, MP3, Ogg, FLAC, MP4, WebM)"));
  }

  private static ObjectNode sidecar(String metadata) {
    if (metadata == null || metadata.isBlank()) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    JsonNode json;
    try {
      json = VconJson.codec().read(metadata);
    } catch (VconParseException e) {
      throw Problem.failure(
          422, "malformed-json", "Malformed JSON", "the `metadata` part is not JSON");
    }
    if (!(json instanceof ObjectNode object)
        || !io.conserver.functions.ingest.sources.Sidecar.looksLike(object)) {
      throw Problem.failure(
          422,
          "invalid-metadata",
          "Invalid metadata",
          "`metadata` takes the sidecar members: uuid, subject, start, parties, channels, tags");
    }
    JsonNode uuid = object.get("uuid");
    if (uuid != null && !VconUuid.isCanonical(uuid.asText(null))) {
      throw Problem.failure(
          422, "invalid-metadata", "Invalid metadata", "`uuid` must be a canonical uuid");
    }
    return object;
  }

  @GET
  @Path("{uuid}")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Read a conversation",
      description =
          "The furthest stage copy of the conversation in the pipeline"
              + " (vcons/<pipeline>/<stage>/<uuid>.vcon.json, last stage first); while no stage"
              + " has written it yet, the submitted vCon from the inbox. The Conserver-Stage"
              + " header names which copy this is (a stage name, or `inbox`). Scope"
              + " read-redacted (every API key has it) sees only the redact stage's copy and"
              + " later ones; read-original sees every copy.")
  @APIResponse(
      responseCode = "200",
      description = "The vCon",
      headers = @Header(name = STAGE_HEADER, description = "stage name, or `inbox`"),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT, description = "a vCon")))
  @APIResponse(responseCode = "400", description = "Not a uuid")
  @APIResponse(responseCode = "401", description = "No API key, or not a valid one")
  @APIResponse(
      responseCode = "403",
      description = "Another tenant's credential, or only an original is stored (read-original)")
  @APIResponse(responseCode = "404", description = "No such conversation or pipeline")
  public Response read(
      @Parameter(description = "Tenant name") @PathParam("tenant") String tenant,
      @Parameter(description = "The conversation id (the vCon uuid)") @PathParam("uuid")
          String uuid,
      @Parameter(description = "Pipeline to look in")
          @QueryParam("pipeline")
          @DefaultValue("default")
          String pipeline,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    Caller caller = auth.caller(tenant, authorization, READ_SCOPES);
    TenantContext context = caller.context();
    requireUuid(uuid);
    PipelineDeclaration declaration = pipeline(pipeline);
    Optional<VconCopies.Copy> copy =
        VconCopies.furthest(context.store, declaration, uuid, caller.readsOriginals());
    if (copy.isPresent()) {
      return stored(context, copy.get().key(), copy.get().stage());
    }
    if (!caller.readsOriginals() && VconCopies.anyStored(context.store, declaration, uuid)) {
      throw Problem.failure(
          403,
          "not-redacted",
          "Forbidden",
          "pipeline '"
              + declaration.name()
              + "' has no redacted copy of vCon "
              + uuid
              + " (yet); the original needs the 'read-original' scope");
    }
    throw Problem.failure(
        404,
        "not-found",
        "Not Found",
        "no vCon " + uuid + " in pipeline '" + declaration.name() + "'");
  }

  @GET
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Find a person's conversations",
      description =
          "Every conversation in which the party appears, through the tenant's party index (keyed"
              + " by an HMAC of the normalised identifier, so the index itself stores no"
              + " identifier). Conversations are indexed as the pipeline's stages write them.")
  @APIResponse(
      responseCode = "200",
      description = "The conversation ids, and the identifier's HMAC (what logs and receipts show)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PartyMatches.class)))
  @APIResponse(responseCode = "400", description = "No party, or not a party identifier")
  @APIResponse(responseCode = "401", description = "No API key, or not a valid one")
  @APIResponse(responseCode = "403", description = "The key belongs to another tenant")
  public Response byParty(
      @Parameter(description = "Tenant name") @PathParam("tenant") String tenant,
      @Parameter(
              description =
                  "Party identifier: tel:+15551234567, mailto:carol@example.net, sip:... or"
                      + " name:Carol Jones",
              required = true)
          @QueryParam("party")
          String party,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    TenantContext context = auth.caller(tenant, authorization, READ_SCOPES).context();
    if (party == null || party.isBlank()) {
      throw Problem.failure(
          400,
          "bad-party",
          "Bad Request",
          "give the party as ?party=tel:+15551234567 (or mailto:, sip:, name:)");
    }
    Optional<String> normalised = PartyIdentifiers.parse(party);
    if (normalised.isEmpty()) {
      throw Problem.failure(
          400,
          "bad-party",
          "Bad Request",
          "not a party identifier (tel:, mailto:, sip: or name:, e.g. tel:+15551234567)");
    }
    List<String> vcons = context.partyIndex.conversationsOf(party);
    return Response.ok(new PartyMatches(context.partyIndex.hmac(normalised.get()), vcons))
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /** The answer to an accepted submission. */
  @Schema(name = "Accepted")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Accepted(
      @Schema(description = "the conversation id") String uuid,
      @Schema(description = "always `accepted`") String status,
      @Schema(description = "where to GET the conversation") String location,
      @Schema(description = "lenient-validation warnings, when there are any")
          List<ValidationIssueJson> warnings) {}

  /** A validation finding as the API shows it. */
  @Schema(name = "ValidationIssue")
  public record ValidationIssueJson(String pointer, String code, String message) {}

  /** The conversations of a party. */
  @Schema(name = "PartyMatches")
  public record PartyMatches(
      @JsonProperty("party_hmac")
          @Schema(
              name = "party_hmac",
              description = "HMAC-SHA256 of the normalised identifier with the tenant's key, hex")
          String partyHmac,
      @Schema(description = "conversation ids") List<String> vcons) {}

  private TenantContext authorize(String tenant, String authorization) {
    return auth.tenant(tenant, authorization);
  }

  private PipelineDeclaration pipeline(String name) {
    return tenants.declared(name);
  }

  /** 400 {@code bad-uuid} unless the path's uuid is canonical. */
  static void requireUuid(String uuid) {
    if (!VconUuid.isCanonical(uuid)) {
      throw Problem.failure(
          400, "bad-uuid", "Bad Request", "not a uuid (expected the 8-4-4-4-12 hexadecimal form)");
    }
  }

  private static void checkMediaType(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals(MediaType.APPLICATION_JSON) || type.equals(VCON_JSON)) {
      return;
    }
    String detail;
    if (type.startsWith("multipart/") || type.startsWith("audio/") || type.startsWith("video/")) {
      detail =
          "send a recording as multipart/form-data (part `audio`, optional part `metadata`), or"
              + " a vCon as "
              + ACCEPTED_MEDIA;
    } else {
      detail = "send a vCon as " + ACCEPTED_MEDIA;
    }
    throw Problem.failure(415, "unsupported-media-type", "Unsupported Media Type", detail);
  }

  private void refuseWhenBacklogged(TenantContext context) {
    if (backlog.refuses(context.runtime.pending())) {
      context.shed.increment();
      throw backlog.failure();
    }
  }

  // The declared length is checked before anything is read; a body without one (chunked) is read
  // up to one byte past the limit, never further.
  private byte[] readBody(String contentLength, InputStream body) {
    long declared = -1;
    if (contentLength != null) {
      try {
        declared = Long.parseLong(contentLength.strip());
      } catch (NumberFormatException e) {
        throw Problem.failure(400, "bad-length", "Bad Request", "Content-Length is not a number");
      }
      if (declared > maxBodyBytes) {
        throw tooLarge();
      }
    }
    try {
      // One past the declared length shows a body longer than declared; reading exactly that much
      // keeps the common small request to one buffer of its own size.
      long upTo = declared >= 0 ? declared + 1 : maxBodyBytes + 1;
      byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, upTo));
      if (bytes.length > maxBodyBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw Problem.failure(
          400, "incomplete-body", "Bad Request", "the request body could not be read whole");
    }
  }

  private Problem.Failure tooLarge() {
    return Problem.failure(
        413,
        "too-large",
        "Content Too Large",
        "the body is larger than the limit of " + maxBodyBytes + " bytes");
  }

  private static Problem.Failure invalid(
      String type, String title, String detail, ValidationReport report) {
    return Problem.failure(unprocessable(type, title, detail, report.errors(), report.warnings()));
  }

  private static Response unprocessable(
      String type,
      String title,
      String detail,
      List<ValidationIssue> errors,
      List<ValidationIssue> warnings) {
    ObjectNode body = Problem.body(422, type, title, detail);
    ArrayNode errorArray = body.putArray("errors");
    errors.forEach(issue -> issueJson(errorArray.addObject(), issue));
    if (!warnings.isEmpty()) {
      ArrayNode warningArray = body.putArray("warnings");
      warnings.forEach(issue -> issueJson(warningArray.addObject(), issue));
    }
    return Problem.response(422, body);
  }

  private static void issueJson(ObjectNode entry, ValidationIssue issue) {
    entry.put("pointer", issue.pointer());
    entry.put("code", issue.code());
    entry.put("message", issue.message());
  }

  private static List<ValidationIssueJson> warnings(ValidationReport report) {
    if (report.issues().isEmpty()) {
      return null;
    }
    List<ValidationIssueJson> warnings =
        report.warnings().stream()
            .map(i -> new ValidationIssueJson(i.pointer(), i.code(), i.message()))
            .toList();
    return warnings.isEmpty() ? null : warnings;
  }

  private boolean sameContent(TenantContext context, String key, byte[] bytes) {
    try {
      return Arrays.equals(context.store.getBytes(key, bytes.length), bytes);
    } catch (BlobTooLargeException e) {
      return false; // longer than what was sent: different
    }
  }

  // Optional durability: the object's data and its directory entry reach the disk before 202.
  private static void force(TenantContext context, String key) {
    java.nio.file.Path file = context.tenant.bucketFolder().resolve(key);
    try {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        channel.force(true);
      }
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot force " + key + " to disk", e);
    }
  }

  private static Response stored(TenantContext context, String key, String stage) {
    InputStream content = context.store.get(key);
    return Response.ok(content, MediaType.APPLICATION_JSON_TYPE)
        .header(STAGE_HEADER, stage)
        .build();
  }
}
