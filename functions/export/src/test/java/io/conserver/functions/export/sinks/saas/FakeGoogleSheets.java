package io.conserver.functions.export.sinks.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A contract fake of Google's OAuth token endpoint (service-account JWT bearer grant) and the
 * Sheets API v4 values methods the sheets sink uses, with one spreadsheet holding one sheet.
 *
 * <p>Followed from Google's published references:
 *
 * <ul>
 *   <li>Token:
 *       https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
 *       (POST form {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>};
 *       RS256; claims iss = service account e-mail, scope, aud = token URL, iat, exp at most one
 *       hour after iat; answer {@code access_token, expires_in, token_type}; errors {@code
 *       {"error":"invalid_grant","error_description":...}} with 400).
 *   <li>values.get / append / update / clear:
 *       https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values (paths
 *       {@code /v4/spreadsheets/{id}/values/{range}[:append|:clear]}, ValueRange with
 *       majorDimension, append's {@code valueInputOption} + {@code insertDataOption} and its {@code
 *       updates.updatedRange}, trailing empty cells omitted on read).
 *   <li>Errors: https://developers.google.com/sheets/api/limits (429 on quota, use exponential
 *       backoff) and Google's JSON error shape {@code {"error":{"code","message","status"}}}
 *       (https://cloud.google.com/apis/design/errors): 401 UNAUTHENTICATED for a bad or expired
 *       token, 404 NOT_FOUND, 400 INVALID_ARGUMENT.
 * </ul>
 *
 * What it does not model: A1 ranges beyond the shapes the sink sends, several sheets, formulas,
 * table detection when the sheet has gaps, per-user quotas. The real service was not called.
 */
final class FakeGoogleSheets extends ContractFake {
  static final String SPREADSHEET = "1AbCdEfGhIjKlMnOp_test-sheet";
  static final String SHEET = "Calls 2026";
  static final String CLIENT_EMAIL = "conserver-export@example-project.iam.gserviceaccount.com";
  static final String SCOPE = "https://www.googleapis.com/auth/spreadsheets";

  private static final Pattern VALUES =
      Pattern.compile("/v4/spreadsheets/([^/]+)/values/(.+?)(:append|:clear)?");
  private static final Pattern RANGE = Pattern.compile("'((?:[^']|'')+)'!(.+)");

  /** The sheet's rows, top to bottom; a cleared row is an empty list. */
  final List<List<String>> rows = new ArrayList<>();

  FakeGoogleSheets(RSAPublicKey publicKey, Clock clock) throws IOException {
    super(publicKey, clock);
  }

  String tokenUrl() {
    return base() + "/token";
  }

  String serviceAccountJson(String privatePem) {
    return "{\"type\":\"service_account\",\"project_id\":\"example-project\","
        + "\"private_key_id\":\"k1\",\"private_key\":"
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(privatePem)
        + ",\"client_email\":\""
        + CLIENT_EMAIL
        + "\",\"token_uri\":\""
        + tokenUrl()
        + "\"}";
  }

  @Override
  Canned handle(Request request) {
    if (request.path().equals("/token")) {
      return token(request);
    }
    Matcher values = VALUES.matcher(request.path());
    if (!values.matches()) {
      return error(404, "NOT_FOUND", "Requested entity was not found.");
    }
    if (!authorized(request)) {
      return error(
          401,
          "UNAUTHENTICATED",
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
              + " cookie or other valid authentication credential.");
    }
    if (!values.group(1).equals(SPREADSHEET)) {
      return error(404, "NOT_FOUND", "Requested entity was not found.");
    }
    Matcher range = RANGE.matcher(values.group(2));
    if (!range.matches() || !range.group(1).replace("''", "'").equals(SHEET)) {
      return error(400, "INVALID_ARGUMENT", "Unable to parse range: " + values.group(2));
    }
    String cells = range.group(2);
    String verb = values.group(3) == null ? "" : values.group(3);
    String a1 = "'" + SHEET.replace("'", "''") + "'!";
    synchronized (this) {
      switch (request.method() + verb) {
        case "GET":
          return readColumnA(cells, request.query(), a1);
        case "POST:append":
          return append(request, a1);
        case "PUT":
          return update(request, cells, a1);
        case "POST:clear":
          return clear(cells, a1);
        default:
          return error(400, "INVALID_ARGUMENT", "unsupported call");
      }
    }
  }

  private Canned token(Request request) {
    Map<String, String> form = form(request.body());
    if (!JwtBearerGrant.GRANT_TYPE.equals(form.get("grant_type"))) {
      return answer(
          400,
          "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type: \"}");
    }
    JWTClaimsSet claims = verifiedClaims(form.getOrDefault("assertion", ""));
    if (claims == null) {
      return invalidGrant("Invalid JWT Signature.");
    }
    long now = clock.instant().getEpochSecond();
    long iat = claims.getIssueTime() == null ? 0 : claims.getIssueTime().getTime() / 1000;
    long exp = claims.getExpirationTime() == null ? 0 : claims.getExpirationTime().getTime() / 1000;
    if (exp - iat > 3600 || exp <= now || Math.abs(iat - now) > 300) {
      return invalidGrant(
          "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable"
              + " timeframe. Check your iat and exp values in the JWT claim.");
    }
    if (!CLIENT_EMAIL.equals(claims.getIssuer())
        || !List.of(tokenUrl()).equals(claims.getAudience())) {
      return invalidGrant("Invalid JWT: iss or aud");
    }
    Object scope = claims.getClaim("scope");
    if (!(scope instanceof String s) || !List.of(s.split(" ")).contains(SCOPE)) {
      return answer(
          400, "{\"error\":\"invalid_scope\",\"error_description\":\"Invalid OAuth scope\"}");
    }
    String token = issueToken("ya29.fake-", 3599);
    return answer(
        200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
  }

  private Canned readColumnA(String cells, Map<String, String> query, String a1) {
    if (!cells.equals("A:A") || !"COLUMNS".equals(query.get("majorDimension"))) {
      return error(400, "INVALID_ARGUMENT", "fake serves column A, column-major, only");
    }
    int last = rows.size();
    while (last > 0 && (rows.get(last - 1).isEmpty() || rows.get(last - 1).get(0).isEmpty())) {
      last--; // trailing empty rows are not returned
    }
    StringBuilder column = new StringBuilder();
    for (int r = 0; r < last; r++) {
      String value = rows.get(r).isEmpty() ? "" : rows.get(r).get(0);
      column
          .append(r == 0 ? "" : ",")
          .append(com.fasterxml.jackson.databind.node.TextNode.valueOf(value));
    }
    String range = a1 + "A1:A" + Math.max(1000, rows.size());
    return answer(
        200,
        "{\"range\":\""
            + range
            + "\",\"majorDimension\":\"COLUMNS\""
            + (last == 0 ? "" : ",\"values\":[[" + column + "]]")
            + "}");
  }

  private Canned append(Request request, String a1) {
    if (!"RAW".equals(request.query().get("valueInputOption"))
        && !"USER_ENTERED".equals(request.query().get("valueInputOption"))) {
      return error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
    }
    List<String> row = row(request.body());
    if (row == null) {
      return error(400, "INVALID_ARGUMENT", "Invalid values[0]");
    }
    int last = rows.size();
    while (last > 0 && rows.get(last - 1).isEmpty()) {
      last--;
    }
    // INSERT_ROWS: new rows after the table; a cleared row inside it stays where it is.
    rows.add(last, row);
    int number = last + 1;
    String updated = a1 + "A" + number + ":" + column(row.size()) + number;
    return answer(
        200,
        "{\"spreadsheetId\":\""
            + SPREADSHEET
            + "\",\"tableRange\":\""
            + a1
            + "A1:A"
            + last
            + "\",\"updates\":{\"spreadsheetId\":\""
            + SPREADSHEET
            + "\",\"updatedRange\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(updated)
            + ",\"updatedRows\":1,\"updatedColumns\":"
            + row.size()
            + ",\"updatedCells\":"
            + row.size()
            + "}}");
  }

  private Canned update(Request request, String cells, String a1) {
    Matcher cell = Pattern.compile("A([0-9]+)").matcher(cells);
    List<String> row = row(request.body());
    if (!cell.matches() || row == null || request.query().get("valueInputOption") == null) {
      return error(400, "INVALID_ARGUMENT", "Invalid update");
    }
    int number = Integer.parseInt(cell.group(1));
    while (rows.size() < number) {
      rows.add(new ArrayList<>());
    }
    rows.set(number - 1, row);
    return answer(
        200,
        "{\"spreadsheetId\":\""
            + SPREADSHEET
            + "\",\"updatedRange\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(
                a1 + "A" + number + ":" + column(row.size()) + number)
            + ",\"updatedRows\":1}");
  }

  private Canned clear(String cells, String a1) {
    Matcher whole = Pattern.compile("([0-9]+):([0-9]+)").matcher(cells);
    if (!whole.matches() || !whole.group(1).equals(whole.group(2))) {
      return error(400, "INVALID_ARGUMENT", "fake clears whole single rows only");
    }
    int number = Integer.parseInt(whole.group(1));
    if (number <= rows.size()) {
      rows.set(number - 1, new ArrayList<>());
    }
    return answer(
        200,
        "{\"spreadsheetId\":\""
            + SPREADSHEET
            + "\",\"clearedRange\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(
                a1 + "A" + number + ":Z" + number)
            + "}");
  }

  private static List<String> row(String body) {
    JsonNode values = json(body).path("values");
    if (values.size() != 1 || !values.get(0).isArray()) {
      return null;
    }
    List<String> row = new ArrayList<>();
    values.get(0).forEach(v -> row.add(v.asText()));
    return row;
  }

  private static String column(int count) {
    return String.valueOf((char) ('A' + count - 1));
  }

  static Canned error(int code, String status, String message) {
    return answer(
        code,
        "{\"error\":{\"code\":"
            + code
            + ",\"message\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(message)
            + ",\"status\":\""
            + status
            + "\"}}");
  }

  private static Canned invalidGrant(String description) {
    return answer(
        400,
        "{\"error\":\"invalid_grant\",\"error_description\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(description)
            + "}");
  }
}
