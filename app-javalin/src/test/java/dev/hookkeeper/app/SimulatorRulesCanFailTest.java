package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each simulator rule, built exactly as in {@link ArchitectureTest}, fails on {@code
 * dev.hookkeeper.archviolation.simulators}: planted classes that break it once, next to the demo's
 * allowed use of both simulators, which must not be reported.
 */
class SimulatorRulesCanFailTest {
  private static final String ROOT = "dev.hookkeeper.archviolation.simulators";
  private static final SimulatorRules RULES = new SimulatorRules(ROOT);
  private static JavaClasses planted;

  @BeforeAll
  static void importPlantedClasses() {
    planted = new ClassFileImporter().importPackages(ROOT);
  }

  private static String violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(planted);
    assertThat(result.hasViolation()).as("rule did not fire: %s", rule.getDescription()).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void production_wiring_that_starts_a_simulator_breaks_the_rule_but_the_demo_does_not() {
    assertThat(violations(RULES.onlyTheDemoUsesSimulators()))
        .contains("LeakyWiring").contains("LeakyClient").doesNotContain("app.demo.Demo");
  }

  @Test
  void a_client_using_its_simulator_breaks_the_rule() {
    assertThat(violations(RULES.adaptersDoNotKnowTheirSimulator()))
        .contains("LeakyClient").contains("FakeGitHub").doesNotContain("LeakyWiring");
  }

  @Test
  void a_simulator_borrowing_from_its_adapter_breaks_the_rule() {
    assertThat(violations(RULES.simulatorsDoNotBorrowFromTheirAdapter()))
        .contains("FakeGitLab").contains("GitLabHelper").doesNotContain("FakeGitHub.");
  }
}
