package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.vendor.ConnectRecordings;
import io.conserver.functions.ingest.vendor.GenesysRecordings;
import io.conserver.functions.ingest.vendor.TeamsGraph;
import io.conserver.functions.ingest.vendor.VendorEndpoints;
import io.conserver.platform.fetch.FetchException;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.fetch.HashedFile;
import io.conserver.platform.media.CrossAccountObjects;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches the recordings a source record names ({@code pending_media} attachments) when the ingest
 * stage's {@code options.fetch_media} enables the source: through the {@link GuardedFetcher}
 * (https, public addresses, size and time limits), streamed to a temporary file while hashed, then
 * into the tenant's content-addressed media; the dialog gets {@code url} + {@code content_hash} and
 * the attachment goes. Credentials per source, never stored in the vCon:
 *
 * <ul>
 *   <li>{@code twilio}: HTTP basic, the callback's {@code AccountSid} (or {@code username_ref}) and
 *       the auth token {@code auth_token_ref};
 *   <li>{@code zoom}: {@code Authorization: Bearer} with the webhook's own {@code download_token};
 *   <li>{@code teams}: a Microsoft Graph application token ({@link TeamsGraph}), sent to Graph
 *       only;
 *   <li>{@code genesys}: the media url the Recording API gives ({@link GenesysRecordings}), a
 *       pre-signed url fetched without credentials;
 *   <li>{@code connect}: a recording in Connect's bucket of another account, read by assuming a
 *       role there ({@link ConnectRecordings}), not over https.
 * </ul>
 *
 * A source that is not enabled keeps its {@code pending_media} (ingest then does no network I/O).
 */
public final class MediaFetch {
  private static final Map<String, String> OPTION_BY_SOURCE =
      Map.of(
          "twilio-recording", "twilio",
          "zoom-recording", "zoom",
          "teams-recording", "teams",
          "genesys-cloud-conversation", "genesys",
          "amazon-connect-ctr", "connect");

  private final GuardedFetcher fetcher;
  private final SecretRefs secrets;
  private final VendorEndpoints endpoints;
  private final Optional<CrossAccountObjects> crossAccount;
  private final Path tempDir;

  public MediaFetch(GuardedFetcher fetcher, SecretRefs secrets) {
    this(
        fetcher,
        secrets,
        VendorEndpoints.production(),
        CrossAccountObjects.installed(),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  public MediaFetch(GuardedFetcher fetcher, SecretRefs secrets, VendorEndpoints endpoints) {
    this(
        fetcher,
        secrets,
        endpoints,
        CrossAccountObjects.installed(),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** With the cross-account reader for Connect recordings given (or absent), and its temp dir. */
  public MediaFetch(
      GuardedFetcher fetcher,
      SecretRefs secrets,
      VendorEndpoints endpoints,
      Optional<CrossAccountObjects> crossAccount,
      Path tempDir) {
    this.fetcher = fetcher;
    this.secrets = secrets;
    this.endpoints = endpoints;
    this.crossAccount = crossAccount;
    this.tempDir = tempDir;
  }

  /**
   * The record with what its source does not send itself: a Teams notification names a recording,
   * which Microsoft Graph describes ({@link TeamsGraph#enrich}). Other records as they are.
   */
  public JsonNode prepare(
      SourceFormat format, JsonNode record, StageInput input, List<String> notes)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    if (format != TeamsRecording.FORMAT || record.has("recording")) {
      return record;
    }
    JsonNode settings = input.options().path("fetch_media").path("teams");
    if (!settings.isObject()) {
      throw new StageMisconfiguredException(
          "a Microsoft Teams recording notification needs "
              + TeamsGraph.OPTION
              + " (tenant_id, client_id, client_secret_ref) to read the recording from Microsoft"
              + " Graph");
    }
    return new TeamsGraph(settings, secrets, endpoints).enrich(record, notes);
  }

  /**
   * The vCon with every enabled pending recording fetched and referenced; {@code notes} gets one
   * line per fetch for the ledger (host and size, never the url's query or a credential).
   *
   * @throws IOException a transient failure (timeout, 429, 5xx, a recording still being prepared):
   *     the drop is retried
   */
  public Vcon resolve(Vcon vcon, JsonNode record, StageInput input, List<String> notes)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    JsonNode settings = input.options().path("fetch_media");
    if (!settings.isObject()) {
      return vcon;
    }
    ObjectNode json = vcon.toJson();
    ArrayNode attachments = (ArrayNode) json.path("attachments");
    List<Integer> done = new ArrayList<>();
    for (int a = 0; a < attachments.size(); a++) {
      JsonNode attachment = attachments.get(a);
      JsonNode pending = attachment.path("body");
      String option = OPTION_BY_SOURCE.get(pending.path("source").asText());
      if (!PendingMedia.PURPOSE.equals(attachment.path("purpose").asText())
          || option == null
          || !settings.path(option).isObject()) {
        continue;
      }
      int d = attachment.path("dialog").asInt(-1);
      ObjectNode dialog = (ObjectNode) json.path("dialog").path(d);
      MediaRef media;
      String from;
      if (option.equals("connect")) {
        String location = pending.path("location").asText("");
        from = "s3://" + location.substring(0, Math.max(0, location.indexOf('/')));
        media = connect(settings.get(option), location, dialog, d, input);
      } else {
        Download download = locate(option, settings.get(option), pending, record, dialog, d);
        from = URI.create(download.url()).getHost();
        media = fetch(option, download, dialog, d, input);
      }
      dialog.put("url", media.url());
      dialog.put("content_hash", media.contentHash().toString());
      notes.add(
          "/dialog/"
              + d
              + ": fetched: "
              + media.size()
              + " bytes from "
              + from
              + " into "
              + media.key());
      done.add(a);
    }
    for (int i = done.size() - 1; i >= 0; i--) {
      attachments.remove((int) done.get(i));
    }
    return done.isEmpty() ? vcon : Vcon.of(json);
  }

  private record Download(String url, Map<String, String> headers) {}

  private Download locate(
      String option, JsonNode settings, JsonNode pending, JsonNode record, ObjectNode dialog, int d)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    if (option.equals("genesys")) {
      GenesysRecordings genesys = new GenesysRecordings(settings, secrets, endpoints);
      String url =
          genesys.mediaUri(
              record.path("conversationId").asText(""),
              pending.path("recording").asText(""),
              "/dialog/" + d);
      dialog.put("mediatype", genesys.mediatype());
      return new Download(url, Map.of());
    }
    String url = pending.path("url").asText("");
    return switch (option) {
      case "twilio" -> new Download(url, twilio(settings, record));
      case "zoom" -> new Download(url, zoom(record));
      default ->
          new Download(url, new TeamsGraph(settings, secrets, endpoints).contentHeaders(url));
    };
  }

  private MediaRef fetch(
      String option, Download download, ObjectNode dialog, int d, StageInput input)
      throws IOException, InvalidInputException, StageMisconfiguredException {
    String mediatype = dialog.path("mediatype").asText("application/octet-stream");
    try (HashedFile file = fetcher.download(download.url(), download.headers())) {
      return input.media().importDownloaded(file, mediatype, URI.create(download.url()).getHost());
    } catch (FetchException e) {
      if (e.retryable()) {
        throw e;
      }
      String what = "/dialog/" + d + ": the recording could not be fetched: " + e.getMessage();
      if ((e.status() == 401 || e.status() == 403) && !download.headers().isEmpty()) {
        if (option.equals("zoom")) {
          // Zoom's download token lives 24 h: a refusal is this record's, not the configuration's.
          throw new InvalidInputException(what + " (the webhook's download_token has expired)");
        }
        throw new StageMisconfiguredException(
            what + ": the service refused the credentials of options.fetch_media." + option);
      }
      throw new InvalidInputException(what);
    }
  }

  /** A Connect recording in another account's bucket, read as the role the option names. */
  private MediaRef connect(
      JsonNode settings, String location, ObjectNode dialog, int d, StageInput input)
      throws IOException, InvalidInputException, StageMisconfiguredException {
    ConnectRecordings connect = new ConnectRecordings(settings, secrets, crossAccount);
    String mediatype = dialog.path("mediatype").asText("audio/x-wav");
    try (HashedFile file = connect.download(location, "/dialog/" + d, tempDir)) {
      return input.media().importDownloaded(file, mediatype, "s3");
    }
  }

  private Map<String, String> twilio(JsonNode settings, JsonNode record)
      throws StageMisconfiguredException {
    String user = secretOrRecord(settings, "username_ref", record, "AccountSid");
    String token = secret(settings, "auth_token_ref", "fetch_media.twilio.auth_token_ref");
    String basic = user + ":" + token;
    return Map.of(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, String> zoom(JsonNode record) throws InvalidInputException {
    JsonNode token = record.path("download_token");
    if (!token.isTextual() || token.asText().isBlank()) {
      throw new InvalidInputException(
          "/download_token: required to fetch the recording (Zoom sends it when the app has"
              + " the recording download permission)");
    }
    return Map.of("Authorization", "Bearer " + token.asText());
  }

  private String secretOrRecord(JsonNode settings, String ref, JsonNode record, String member)
      throws StageMisconfiguredException {
    if (settings.path(ref).isTextual()) {
      return secret(settings, ref, "fetch_media.twilio." + ref);
    }
    return record.path(member).asText();
  }

  private String secret(JsonNode settings, String ref, String setting)
      throws StageMisconfiguredException {
    if (!settings.path(ref).isTextual()) {
      throw new StageMisconfiguredException(
          "options." + setting + " is required to fetch these recordings (env:NAME or config:key)");
    }
    try {
      return secrets.resolve("options." + setting, settings.get(ref).asText());
    } catch (SecretReferenceException e) {
      throw new StageMisconfiguredException(e.getMessage());
    }
  }
}
