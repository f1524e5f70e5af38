package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The store rule on Hookkeeper's classes, and proof on planted classes that it can fail. */
@AnalyzeClasses(
    packages = "dev.hookkeeper",
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ArchitectureTest.DoNotIncludeTestJars.class
    })
class StoreRulesTest {

  @ArchTest
  static final ArchRule stores_reach_the_database_through_the_gateway =
      StoreRules.forHookkeeper().storesReachTheDatabaseThroughTheGateway();

  @Test
  void a_store_calling_jdbi_itself_breaks_the_rule_but_one_using_the_gateway_does_not() {
    String root = "dev.hookkeeper.archviolation.stores";
    EvaluationResult result =
        new StoreRules(root + ".persistence")
            .storesReachTheDatabaseThroughTheGateway()
            .evaluate(new ClassFileImporter().importPackages(root));

    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains("DirectRunner")
        .doesNotContain("GatewayRunner")
        .doesNotContain("Gateway.");
  }
}
