package io.conserver.vcon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The vCon core stays portable: no cloud SDK, no Quarkus, no dependency on the platform. */
@AnalyzeClasses(
    packages = "io.conserver.vcon",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule coreHasNoCloudOrFrameworkImports =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..",
              "jakarta..",
              "software.amazon..",
              "com.amazonaws..",
              "com.google.cloud..",
              "io.cloudevents..",
              "io.conserver.platform..",
              "io.conserver.functions..",
              "io.conserver.local..");
}
