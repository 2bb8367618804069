package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.export.sinks.ExportContext;
import io.conserver.functions.export.sinks.FieldMapping;
import io.conserver.functions.export.sinks.Sink;
import io.conserver.functions.export.sinks.SinkReceipt;
import io.conserver.functions.export.sinks.SinkRejectedException;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One row per vCon in a Google Sheet (Sheets API v4), column A holding the vCon uuid and the mapped
 * fields after it. Auth: a service account's JWT assertion exchanged for a token with the {@code
 * spreadsheets} scope (the sheet must be shared with the service account's e-mail).
 *
 * <p>Idempotent: column A is read first ({@code values.get}); a vCon already there has its row
 * rewritten in place ({@code values.update}), otherwise one row is appended ({@code values.append},
 * {@code INSERT_ROWS}). Values are written RAW, so nothing is ever parsed as a formula. Delete
 * clears the vCon's rows ({@code values.clear}) rather than removing them, so other rows keep their
 * numbers. Two exports of the same vCon at the same instant could both append; the stage runner
 * handles one vCon at a time, so this needs a redelivery racing its own original.
 */
public final class SheetsSink implements Sink {
  static final String SCOPE = "https://www.googleapis.com/auth/spreadsheets";

  /** Google's limit on one cell; longer values (a long transcript) are cut, not refused. */
  static final int MAX_CELL = 50_000;

  private static final Pattern SPREADSHEET_ID = Pattern.compile("[A-Za-z0-9_-]{10,200}");

  private final String name;
  private final String spreadsheetId;
  private final String sheet;
  private final FieldMapping fields;
  private final SaasEnvironment environment;
  private final AuthorizedCall api;

  private SheetsSink(
      String name,
      String spreadsheetId,
      String sheet,
      FieldMapping fields,
      SaasEnvironment environment,
      AuthorizedCall api) {
    this.name = name;
    this.spreadsheetId = spreadsheetId;
    this.sheet = sheet;
    this.fields = fields;
    this.environment = environment;
    this.api = api;
  }

  /**
   * @param serviceAccountJson the service account's JSON key file as Google issues it
   */
  public static SheetsSink create(
      String name,
      String spreadsheetId,
      String sheet,
      FieldMapping fields,
      String serviceAccountJson,
      SaasEnvironment environment)
      throws SinkRejectedException {
    if (!SPREADSHEET_ID.matcher(spreadsheetId).matches()) {
      throw new SinkRejectedException(
          "sink " + name + ": spreadsheet_id must be the id from the sheet's URL");
    }
    JsonNode key;
    try {
      key = VconJson.codec().read(serviceAccountJson);
    } catch (VconParseException e) {
      throw new SinkRejectedException(
          "sink " + name + ": credentials_ref must hold a service account JSON key");
    }
    String email = key.path("client_email").asText("");
    if (email.isEmpty() || !key.path("private_key").isTextual()) {
      throw new SinkRejectedException(
          "sink " + name + ": the service account key has no client_email or private_key");
    }
    ObjectNode claims =
        JsonNodeFactory.instance
            .objectNode()
            .put("iss", email)
            .put("scope", SCOPE)
            .put("aud", environment.googleTokenUrl().toString());
    JwtBearerGrant grant =
        new JwtBearerGrant(
            "Google",
            environment.googleTokenUrl(),
            PrivateKeys.rsa(key.path("private_key").textValue(), "sink " + name + " private_key"),
            Optional.ofNullable(key.path("private_key_id").textValue()),
            claims,
            Duration.ofHours(1),
            environment);
    AuthorizedCall api =
        new AuthorizedCall("Google Sheets", grant, new SaasHttp("Google Sheets", environment));
    return new SheetsSink(name, spreadsheetId, sheet, fields, environment, api);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "sheets";
  }

  @Override
  public SinkReceipt export(Vcon vcon, ExportContext context) throws Exception {
    ArrayNode row = JsonNodeFactory.instance.arrayNode().add(vcon.uuid());
    for (String cell : fields.cells(vcon)) {
      String text = cell == null ? "" : cell;
      row.add(text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("majorDimension", "ROWS");
    body.putArray("values").add(row);
    List<Integer> existing = rowsOf(vcon.uuid());
    HttpResponse<String> response;
    String range;
    if (existing.isEmpty()) {
      range = quotedSheet() + "!A1";
      response =
          send("POST", range, ":append", "valueInputOption=RAW&insertDataOption=INSERT_ROWS", body);
      range = SaasHttp.json(response).path("updates").path("updatedRange").asText(range);
    } else {
      range = quotedSheet() + "!A" + existing.get(0);
      body.put("range", range);
      response = send("PUT", range, "", "valueInputOption=RAW", body);
      range = SaasHttp.json(response).path("updatedRange").asText(range);
    }
    return SinkReceipt.of(spreadsheetId + "/" + range);
  }

  @Override
  public void delete(String vconUuid) throws Exception {
    for (int row : rowsOf(vconUuid)) {
      String range = quotedSheet() + "!" + row + ":" + row;
      send("POST", range, ":clear", "", JsonNodeFactory.instance.objectNode());
    }
  }

  /** The 1-based rows whose column A holds the uuid ({@code values.get}, column-major). */
  private List<Integer> rowsOf(String vconUuid) throws Exception {
    HttpResponse<String> response =
        send("GET", quotedSheet() + "!A:A", "", "majorDimension=COLUMNS", null);
    JsonNode column = SaasHttp.json(response).path("values").path(0);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < column.size(); i++) {
      if (column.get(i).asText().equals(vconUuid)) {
        rows.add(i + 1);
      }
    }
    return rows;
  }

  private HttpResponse<String> send(
      String method, String range, String verb, String query, JsonNode body)
      throws SinkRejectedException, IOException, InterruptedException {
    URI uri =
        URI.create(
            environment.sheetsApi()
                + "/v4/spreadsheets/"
                + spreadsheetId
                + "/values/"
                + URLEncoder.encode(range, StandardCharsets.UTF_8).replace("+", "%20")
                + verb
                + (query.isEmpty() ? "" : "?" + query));
    HttpResponse<String> response =
        api.send(
            token ->
                HttpRequest.newBuilder(uri)
                    .timeout(environment.timeout())
                    .header("Authorization", "Bearer " + token.value())
                    .header("Content-Type", "application/json")
                    .method(
                        method,
                        body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(VconJson.codec().write(body)))
                    .build(),
            r -> false);
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response;
    }
    String hint =
        status == 403
            ? ": share the spreadsheet with the service account's e-mail"
            : status == 404 ? ": no such spreadsheet or sheet" : "";
    String call = verb.isEmpty() ? method : verb.substring(1);
    throw new SinkRejectedException(
        "Google Sheets refused "
            + call
            + " with "
            + status
            + SaasHttp.errorSummary(response)
            + hint);
  }

  private String quotedSheet() {
    return "'" + sheet.replace("'", "''") + "'";
  }
}
