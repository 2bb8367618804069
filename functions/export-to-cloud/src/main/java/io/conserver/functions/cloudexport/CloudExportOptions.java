package io.conserver.functions.cloudexport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.StageMisconfiguredException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stage's options, e.g. {@code {"store": "s3", "bucket": "conserver-acme-cloud", "pipeline":
 * "hybrid-cloud", "account": "tenant", "media": "none", "settings": {"region": "eu-west-1"},
 * "credentials": {"access-key-id": "env:CLOUD_S3_KEY_ID", "secret-access-key":
 * "env:CLOUD_S3_SECRET"}}}.
 *
 * <p>{@code settings} are the destination adapter's own settings without their prefix ({@code
 * endpoint}, {@code region}, {@code path-style}, {@code ca-bundle} for {@code s3}; {@code project}
 * for {@code gcs}; {@code root} for {@code file}); {@code credentials} are settings whose values
 * are secret references ({@code env:NAME}, {@code config:key}), resolved when the store is opened.
 * The bucket and settings may be references too, so one declaration serves every tenant. {@code
 * account} is {@code tenant} when the bucket is in the tenant's own cloud account; anything else
 * makes the stage outside-bound for the pipeline parser. {@code media}: {@code none} (default)
 * sends no recording at all; {@code redacted} also sends recordings the redact stage rewrote.
 *
 * @param storeSettings adapter settings by full name ({@code conserver.s3.region}), not secret
 * @param credentialRefs adapter settings by full name whose values are secret references
 */
record CloudExportOptions(
    String store,
    String bucket,
    String pipeline,
    boolean tenantAccount,
    MediaPolicy media,
    Map<String, String> storeSettings,
    Map<String, String> credentialRefs) {

  /** What the stage may send of the recordings. */
  enum MediaPolicy {
    /** No recording leaves: every media reference is removed. */
    NONE,
    /** Recordings the redact stage rewrote (masked audio) go too; originals never. */
    REDACTED
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern SETTING = Pattern.compile("[a-z][a-z0-9-]{0,40}");

  static CloudExportOptions of(ObjectNode options) throws StageMisconfiguredException {
    String store = required(options, "store");
    String bucket = required(options, "bucket");
    String pipeline = required(options, "pipeline");
    if (!NAME.matcher(store).matches() || !NAME.matcher(pipeline).matches()) {
      throw new StageMisconfiguredException(
          "export-to-cloud: \"store\" and \"pipeline\" are lower-case names");
    }
    MediaPolicy media;
    try {
      media = MediaPolicy.valueOf(options.path("media").asText("none").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new StageMisconfiguredException(
          "export-to-cloud: \"media\" is \"none\" or \"redacted\"");
    }
    return new CloudExportOptions(
        store,
        bucket,
        pipeline,
        "tenant".equals(options.path("account").asText()),
        media,
        settings(store, options.path("settings"), "settings"),
        settings(store, options.path("credentials"), "credentials"));
  }

  private static String required(ObjectNode options, String name)
      throws StageMisconfiguredException {
    String value = options.path(name).asText("");
    if (value.isBlank()) {
      throw new StageMisconfiguredException("export-to-cloud: option \"" + name + "\" is required");
    }
    return value;
  }

  private static Map<String, String> settings(String store, JsonNode node, String member)
      throws StageMisconfiguredException {
    Map<String, String> settings = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return settings;
    }
    if (!node.isObject()) {
      throw new StageMisconfiguredException(
          "export-to-cloud: \"" + member + "\" is an object of settings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!SETTING.matcher(field.getKey()).matches() || !field.getValue().isValueNode()) {
        throw new StageMisconfiguredException(
            "export-to-cloud: " + member + " \"" + field.getKey() + "\" is not a setting");
      }
      settings.put("conserver." + store + "." + field.getKey(), field.getValue().asText());
    }
    return settings;
  }
}
