package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.sources.TeamsRecording;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretRefs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Graph for a Teams recording notification: reads the callRecording and its onlineMeeting
 * so {@link TeamsRecording} can map them, and gives the bearer token for the content download.
 * Application credentials of an Azure AD app ({@code options.fetch_media.teams}: {@code tenant_id},
 * {@code client_id}, {@code client_secret_ref}) with OnlineMeetingRecording.Read.All and
 * OnlineMeetings.Read.All granted and an application access policy for the organizers.
 *
 * <ul>
 *   <li>token: {@code POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token}, {@code
 *       grant_type=client_credentials}, {@code scope=https://graph.microsoft.com/.default}
 *       (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow);
 *   <li>recording: {@code GET /communications/onlineMeetings/{meetingId}/recordings/{recordingId}},
 *       the notification's resource
 *       (https://learn.microsoft.com/en-us/graph/api/callrecording-get);
 *   <li>meeting: {@code GET /users/{organizerId}/onlineMeetings/{meetingId}}
 *       (https://learn.microsoft.com/en-us/graph/api/onlinemeeting-get), the organizer from the
 *       recording's {@code meetingOrganizer};
 *   <li>content: {@code GET
 *       /users/{organizerId}/onlineMeetings/{meetingId}/recordings/{id}/content}, through the
 *       guard, with the bearer token only while it stays on Graph's origin.
 * </ul>
 */
public final class TeamsGraph {
  public static final String OPTION = "options.fetch_media.teams";
  private static final String GUID_OR_DOMAIN = "[A-Za-z0-9][A-Za-z0-9.-]{0,99}";

  private final VendorApi api;
  private final URI graph;

  public TeamsGraph(JsonNode settings, SecretRefs secrets, VendorEndpoints endpoints)
      throws StageMisconfiguredException {
    this.api = api(settings, secrets, endpoints);
    this.graph = endpoints.graph();
  }

  /** Graph with the app's client-credentials token, from {@code options.fetch_media.teams}. */
  static VendorApi api(JsonNode settings, SecretRefs secrets, VendorEndpoints endpoints)
      throws StageMisconfiguredException {
    VendorSettings s = new VendorSettings(settings, OPTION, secrets);
    String tenant = s.required("tenant_id", GUID_OR_DOMAIN);
    String clientId = s.required("client_id", "[A-Za-z0-9-]{1,64}");
    ClientCredentials credentials =
        new ClientCredentials(
            "Azure AD",
            URI.create(endpoints.azureLogin() + "/" + tenant + "/oauth2/v2.0/token"),
            clientId,
            s.secret("client_secret_ref"),
            false,
            Map.of("scope", "https://graph.microsoft.com/.default"),
            OPTION,
            endpoints);
    return new VendorApi("Microsoft Graph", credentials, OPTION, endpoints);
  }

  /**
   * The notification with {@code recording} (the callRecording) and {@code meeting} (the
   * onlineMeeting, when Graph still has it) added, and {@code recording.recordingContentUrl} set to
   * the Graph url of the content.
   *
   * @param notes ledger lines (what could not be read, never a credential)
   */
  public ObjectNode enrich(JsonNode notification, List<String> notes)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    TeamsRecording.Resource ids =
        TeamsRecording.resource(notification.path("resource").asText(""))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Microsoft Teams recording notification is invalid: /resource: must name"
                            + " a meeting recording"));
    String meeting = encode(ids.meetingId());
    String recordingPath =
        "/onlineMeetings/" + meeting + "/recordings/" + encode(ids.recordingId());
    JsonNode recording =
        api.get(at("/communications" + recordingPath), "the recording's metadata").body();
    if (!recording.isObject()) {
      throw new InvalidInputException("Microsoft Graph answered the recording with no JSON object");
    }
    ObjectNode enriched = ((ObjectNode) notification).deepCopy();
    ObjectNode kept = ((ObjectNode) recording).deepCopy();
    String organizer = recording.path("meetingOrganizer").path("user").path("id").asText("");
    if (organizer.matches("[A-Za-z0-9-]{1,64}")) {
      String user = "/users/" + organizer;
      kept.put("recordingContentUrl", at(user + recordingPath + "/content").toString());
      try {
        enriched.set(
            "meeting", api.get(at(user + "/onlineMeetings/" + meeting), "the meeting").body());
      } catch (InvalidInputException e) {
        // The meeting can be gone (deleted, expired) while its recording stays: keep the recording.
        notes.add("/meeting: not read: " + e.getMessage());
      }
    } else if (!kept.path("recordingContentUrl").asText("").startsWith(graph + "/")) {
      kept.put(
          "recordingContentUrl", at("/communications" + recordingPath + "/content").toString());
    }
    enriched.set("recording", kept);
    return enriched;
  }

  /**
   * The download's {@code Authorization}, only for a url on Graph: a drop must not be able to send
   * the token elsewhere.
   */
  public Map<String, String> contentHeaders(String url)
      throws IOException, InterruptedException, InvalidInputException, StageMisconfiguredException {
    if (!url.startsWith(graph + "/")) {
      throw new InvalidInputException(
          "the Teams recording's content url is not on Microsoft Graph (" + graph.getHost() + ")");
    }
    return Map.of("Authorization", api.bearer());
  }

  private URI at(String path) {
    return URI.create(graph + path);
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
