package io.conserver.platform.funqy;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Registers the {@link SnapshotHooks} while Quarkus starts (the function's init phase). */
@Singleton
public class SnapshotStartup {
  void onStart(@Observes StartupEvent event) {
    SnapshotHooks.register(
        ConfigProvider.getConfig().getOptionalValue("quarkus.funqy.export", String.class),
        FunctionSettings.fromEnvironment());
  }
}
