package io.conserver.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Module boundaries of the whole platform, checked where every module is on the classpath (the
 * local runtime depends on all of them): functions never depend on each other, and the shared
 * libraries never depend on functions or on the runtime.
 */
@AnalyzeClasses(packages = "io.conserver", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule functionsAreIndependentOfEachOther =
      slices()
          .matching("io.conserver.functions.(*)..")
          .should()
          .notDependOnEachOther()
          // Passes vacuously until the first function module lands; it guards every later one.
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule sharedLibrariesDoNotReachUp =
      noClasses()
          .that()
          .resideInAnyPackage("io.conserver.vcon..", "io.conserver.platform..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.conserver.functions..", "io.conserver.local..");
}
