package io.conserver.server;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the tenants' runtimes are started and the data directory is writable; the data says
 * how many tenants run and how many events wait (counts only, nothing about the content).
 */
@Readiness
@ApplicationScoped
public class RuntimeHealth implements HealthCheck {
  private final Tenants tenants;

  RuntimeHealth(Tenants tenants) {
    this.tenants = tenants;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("conserver-runtime");
    if (!tenants.started()) {
      return response.down().build();
    }
    long pending = 0;
    for (TenantContext tenant : tenants.all()) {
      pending += tenant.runtime.pending();
    }
    boolean writable = Files.isWritable(tenants.data());
    return response
        .status(writable)
        .withData("tenants", tenants.all().size())
        .withData("pending_events", pending)
        .withData("data_writable", writable)
        .build();
  }
}
