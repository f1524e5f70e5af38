package dev.hookkeeper.app;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.hookkeeper.core.port.WebhookInfraException;

/** The hexagon, checked on every module's main classes (siblings arrive as jars under verify). */
@AnalyzeClasses(
    packages = "dev.hookkeeper",
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ArchitectureTest.DoNotIncludeTestJars.class
    })
class ArchitectureTest {
  /**
   * Core's contract kit arrives as {@code webhook-core-*-tests.jar}, which DoNotIncludeTests
   * misses.
   */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String CORE = "dev.hookkeeper.core..";

  @ArchTest
  static final ArchRule core_depends_only_on_the_jdk =
      classes()
          .that()
          .resideInAPackage(CORE)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "javax.crypto..", CORE)
          .because("webhook-core is the hexagon: JDK + itself only");

  @ArchTest
  static final ArchRule core_uses_no_framework =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.javalin..",
              "org.eclipse.jetty..",
              "jakarta.servlet..",
              "org.jdbi..",
              "org.flywaydb..",
              "com.zaxxer.hikari..",
              "org.postgresql..",
              "java.sql..",
              "okhttp3..",
              "okio..",
              "com.fasterxml.jackson..",
              "org.slf4j..",
              "java.net.http..");

  @ArchTest
  static final ArchRule hexagon =
      onionArchitecture()
          .domainModels("dev.hookkeeper.core.model..")
          .domainServices(
              "dev.hookkeeper.core.port..",
              "dev.hookkeeper.core.crypto..",
              "dev.hookkeeper.core.support..")
          .applicationServices(
              "dev.hookkeeper.core.usecase..",
              "dev.hookkeeper.core.ingest..",
              "dev.hookkeeper.core.notify..",
              "dev.hookkeeper.core.config..")
          .adapter("github", "dev.hookkeeper.github..")
          .adapter("gitlab", "dev.hookkeeper.gitlab..")
          .adapter("persistence", "dev.hookkeeper.persistence..")
          // the API and the pages are one HTTP adapter: the pages lend the API their session
          // (app.http's
          // BrowserSessions), so web may use http, never the other way round (see the rules below)
          .adapter("http", "dev.hookkeeper.app.http..", "dev.hookkeeper.app.web..")
          .adapter("sse", "dev.hookkeeper.app.sse..")
          // the composition root, the demo that composes simulators, and the command line (which
          // composes stores for its commands) may see everything
          .ignoreDependency(resideInAPackage("dev.hookkeeper.app"), alwaysTrue())
          .ignoreDependency(resideInAPackage("dev.hookkeeper.app.demo"), alwaysTrue())
          .ignoreDependency(resideInAPackage("dev.hookkeeper.app.cli"), alwaysTrue())
          .withOptionalLayers(true);

  @ArchTest
  static final ArchRule the_api_does_not_know_the_pages =
      noClasses()
          .that()
          .resideInAPackage("dev.hookkeeper.app.http..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.hookkeeper.app.web..")
          .because(
              "the API works without pages; the pages plug their session into it through BrowserSessions");

  /** Pages are thin: they call use cases and show the model, never a store or a provider port. */
  @ArchTest
  static final ArchRule pages_reach_the_core_through_use_cases =
      noClasses()
          .that()
          .resideInAPackage("dev.hookkeeper.app.web..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.hookkeeper.core.port..")
                  .and(
                      DescribedPredicate.not(
                          JavaClass.Predicates.assignableTo(WebhookInfraException.class))))
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.hookkeeper.persistence..",
              "dev.hookkeeper.github..",
              "dev.hookkeeper.gitlab..",
              "dev.hookkeeper.core.ingest..")
          .because(
              "a page is a view over use cases; a store or provider call there would bypass their rules");

  @ArchTest
  static final ArchRule no_package_cycles =
      slices().matching("dev.hookkeeper.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule no_lazy_suffixes =
      classes()
          .should()
          .haveSimpleNameNotEndingWith("Impl")
          .andShould()
          .haveSimpleNameNotEndingWith("Manager")
          .andShould()
          .haveSimpleNameNotEndingWith("Dto");

  /**
   * Only the terminal printer may write to stdout/stderr (the admin token banner, the demo's
   * steps).
   */
  @ArchTest
  static final ArchRule no_std_streams =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.hookkeeper.app.Console")
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

  @ArchTest
  static final ArchRule only_the_demo_uses_simulators =
      SimulatorRules.forHookkeeper().onlyTheDemoUsesSimulators();

  @ArchTest
  static final ArchRule adapters_do_not_know_their_simulator =
      SimulatorRules.forHookkeeper().adaptersDoNotKnowTheirSimulator();

  @ArchTest
  static final ArchRule simulators_do_not_borrow_from_their_adapter =
      SimulatorRules.forHookkeeper().simulatorsDoNotBorrowFromTheirAdapter();

  @ArchTest
  static final ArchRule the_app_is_the_only_composition_root =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.hookkeeper.app")
          .and()
          .resideOutsideOfPackage("dev.hookkeeper.app.demo")
          .and()
          .resideOutsideOfPackage("dev.hookkeeper.app.cli")
          .should()
          .dependOnClassesThat(JavaClass.Predicates.simpleName("Wiring"));
}
