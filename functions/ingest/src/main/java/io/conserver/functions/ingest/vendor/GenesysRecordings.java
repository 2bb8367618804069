package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Where Genesys Cloud serves a conversation's recording, found through its Recording API with an
 * OAuth client ({@code options.fetch_media.genesys}: {@code region}, e.g. {@code mypurecloud.com}
 * or {@code usw2.pure.cloud}, {@code client_id}, {@code client_secret_ref}, {@code format}):
 *
 * <ul>
 *   <li>token: {@code POST https://login.{region}/oauth/token}, {@code
 *       grant_type=client_credentials}, the client as HTTP basic
 *       (https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials);
 *   <li>{@code GET
 *       https://api.{region}/api/v2/conversations/{conversationId}/recordings?formatId=WAV}
 *       (https://developer.genesys.cloud/analyticsdatamanagement/recording/): 202 while Genesys
 *       transcodes (a transient failure: the drop is retried), then 200 with the recordings, each
 *       with {@code mediaUris} ({@code {"S": {"mediaUri": "https://..."}}}), a pre-signed url
 *       fetched without credentials.
 * </ul>
 */
public final class GenesysRecordings {
  public static final String OPTION = "options.fetch_media.genesys";
  private static final String REGION =
      "(?:[a-z0-9-]+\\.)*(?:pure\\.cloud|mypurecloud\\.[a-z.]{2,10})";
  private static final Map<String, String> MEDIATYPES =
      Map.of(
          "WAV",
          "audio/x-wav",
          "MP3",
          "audio/x-mp3",
          "OGG_OPUS",
          "audio/ogg",
          "WEBM",
          "video/webm");

  private final VendorApi api;
  private final URI base;
  private final String format;

  public GenesysRecordings(JsonNode settings, SecretRefs secrets, VendorEndpoints endpoints)
      throws StageMisconfiguredException {
    VendorSettings s = new VendorSettings(settings, OPTION, secrets);
    String region = s.required("region", REGION);
    this.format = s.optional("format", "WAV", "WAV|MP3|OGG_OPUS|WEBM");
    ClientCredentials credentials =
        new ClientCredentials(
            "Genesys Cloud",
            URI.create(endpoints.genesysLogin().apply(region) + "/oauth/token"),
            s.required("client_id", "[A-Za-z0-9-]{1,64}"),
            s.secret("client_secret_ref"),
            true,
            Map.of(),
            OPTION,
            endpoints);
    this.api = new VendorApi("Genesys Cloud", credentials, OPTION, endpoints);
    this.base = endpoints.genesysApi().apply(region);
  }

  /** The media type of the format asked for. */
  public String mediatype() {
    return MEDIATYPES.get(format);
  }

  /**
   * The recording's media url.
   *
   * @throws IOException also while Genesys is still preparing it (202): the drop is retried
   */
  public String mediaUri(String conversationId, String recordingId, String pointer)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    URI uri =
        URI.create(
            base
                + "/api/v2/conversations/"
                + URLEncoder.encode(conversationId, StandardCharsets.UTF_8)
                + "/recordings?formatId="
                + format
                + "&maxWaitMs=5000");
    VendorApi.Answer answer = api.get(uri, pointer + ": the conversation's recordings");
    if (answer.status() == 202) {
      throw new IOException(
          "Genesys Cloud is still preparing the recordings of the conversation; will retry");
    }
    for (JsonNode recording : answer.body()) {
      if (!recording.path("id").asText("").equals(recordingId)) {
        continue;
      }
      JsonNode uris = recording.path("mediaUris");
      JsonNode chosen = uris.has("S") ? uris.get("S") : first(uris);
      String url = chosen == null ? "" : chosen.path("mediaUri").asText("");
      if (!url.startsWith("https://")) {
        throw new InvalidInputException(
            pointer + ": Genesys Cloud gave no https media url for recording " + recordingId);
      }
      return url;
    }
    throw new InvalidInputException(
        pointer
            + ": Genesys Cloud does not list recording "
            + recordingId
            + " for the conversation");
  }

  private static JsonNode first(JsonNode uris) {
    Iterator<JsonNode> values = uris.elements();
    return values.hasNext() ? values.next() : null;
  }
}
