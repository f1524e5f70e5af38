package dev.hookkeeper.core.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each architecture rule, built exactly as for the core, fails on {@code dev.hookkeeper.archviolation}:
 * a test-only class set laid out like the core ({@code domain} = model, {@code spi} = port,
 * {@code flows} = use cases) that breaks every rule once, for the stated reason. It also holds
 * the allowed exceptions (a port exception class, a shared result's nested record), which must
 * not be reported.
 */
class ArchitectureRulesCanFailTest {
  private static final String ROOT = "dev.hookkeeper.archviolation";
  private static final CoreArchitectureRules RULES =
      new CoreArchitectureRules(ROOT, ROOT + ".domain", ROOT + ".spi", ROOT + ".flows");
  private static JavaClasses broken;

  @BeforeAll
  static void importBrokenClasses() {
    broken = new ClassFileImporter().importPackages(ROOT);
  }

  private static String violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(broken);
    assertThat(result.hasViolation()).as("rule did not fire: %s", rule.getDescription()).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void a_junit_dependency_breaks_jdk_only() {
    assertThat(violations(RULES.dependsOnlyOnTheJdk())).contains("LeakyModel").contains("org.junit");
  }

  @Test
  void java_sql_breaks_the_deny_list() {
    assertThat(violations(RULES.usesNoJdbcOrHttpClient())).contains("java.sql.Timestamp");
  }

  @Test
  void printing_breaks_no_standard_streams() {
    assertThat(violations(RULES.writesNoStandardStreams())).contains("System.out");
  }

  @Test
  void a_class_port_breaks_ports_are_interfaces_but_a_port_exception_does_not() {
    assertThat(violations(RULES.portsAreInterfaces())).contains("ClassyPort").doesNotContain("SpiException");
  }

  @Test
  void a_behaviour_class_nested_in_a_port_breaks_port_values() {
    assertThat(violations(RULES.portNestedTypesAreValues())).contains("ClassyPort$Helper").doesNotContain("Request");
  }

  @Test
  void a_model_field_of_port_type_breaks_the_inner_ring() {
    assertThat(violations(RULES.modelKnowsNoPortOrUseCase())).contains("LeakyModel").contains("ClassyPort");
  }

  @Test
  void a_port_using_a_use_case_breaks_the_direction() {
    assertThat(violations(RULES.portsKnowNoUseCase())).contains("ClassyPort").contains("ConnectFlow");
  }

  @Test
  void using_another_use_cases_nested_helper_breaks_encapsulation_but_shared_results_do_not() {
    assertThat(violations(RULES.useCasesKeepTheirInternals()))
        .contains("DisconnectFlow").contains("ConnectFlow$Internal").doesNotContain("SharedResult");
  }

  @Test
  void a_model_port_cycle_breaks_cycle_freedom() {
    assertThat(violations(RULES.packagesAreFreeOfCycles())).contains("domain").contains("spi");
  }

  @Test
  void every_rule_has_a_demonstration() {
    assertThat(RULES.all()).allSatisfy(rule -> assertThat(rule.evaluate(broken).hasViolation()).isTrue());
  }
}
