package io.conserver.server.console;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** Who is looking: the session's tenant, key id and scopes, and the CSRF token its forms carry. */
@TemplateData
public record Viewer(String tenant, String keyId, List<String> scopes, String csrf) {
  public boolean canErase() {
    return scopes.contains("erase");
  }

  public boolean canAdmin() {
    return scopes.contains("admin");
  }
}
