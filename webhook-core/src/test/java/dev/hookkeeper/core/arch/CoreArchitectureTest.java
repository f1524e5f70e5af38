package dev.hookkeeper.core.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's main classes obey the architecture rules. Imported by package, without
 * {@code DoNotIncludeJars} (which silently drops classes under {@code mvn verify}); tests are
 * excluded because the contract kit may use JUnit and AssertJ.
 */
class CoreArchitectureTest {
  private static final CoreArchitectureRules RULES = CoreArchitectureRules.forCore();
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(RULES.root());
  }

  @Test
  void core_depends_only_on_the_jdk() {
    RULES.dependsOnlyOnTheJdk().check(core);
  }

  @Test
  void core_uses_no_jdbc_or_http_client() {
    RULES.usesNoJdbcOrHttpClient().check(core);
  }

  @Test
  void core_writes_no_standard_streams() {
    RULES.writesNoStandardStreams().check(core);
  }

  @Test
  void ports_are_interfaces() {
    RULES.portsAreInterfaces().check(core);
  }

  @Test
  void port_nested_types_are_values() {
    RULES.portNestedTypesAreValues().check(core);
  }

  @Test
  void model_knows_no_port_or_use_case() {
    RULES.modelKnowsNoPortOrUseCase().check(core);
  }

  @Test
  void ports_know_no_use_case() {
    RULES.portsKnowNoUseCase().check(core);
  }

  @Test
  void use_cases_keep_their_internals() {
    RULES.useCasesKeepTheirInternals().check(core);
  }

  @Test
  void core_packages_are_free_of_cycles() {
    RULES.packagesAreFreeOfCycles().check(core);
  }
}
