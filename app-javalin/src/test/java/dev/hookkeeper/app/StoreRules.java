package dev.hookkeeper.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * What keeps {@code core.port}'s promise that a store throws {@code StoreUnavailableException} when
 * the database is down: a JDBI store reaches the database only through the one gateway that
 * translates failures ({@code persistence.Database}), never through {@code Jdbi} itself. Built for
 * a package, so that the same rule runs against Hookkeeper and against planted violations ({@code
 * StoreRulesCanFailTest}).
 *
 * @param persistence {@code dev.hookkeeper.persistence}, or a planted package laid out the same way
 */
record StoreRules(String persistence) {

  static StoreRules forHookkeeper() {
    return new StoreRules("dev.hookkeeper.persistence");
  }

  ArchRule storesReachTheDatabaseThroughTheGateway() {
    return noClasses()
        .that()
        .resideInAPackage(persistence + "..")
        .and()
        .implement(resideInAPackage("dev.hookkeeper.core.port.."))
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.jdbi.v3.core.Jdbi")
        .because(
            "a store that calls Jdbi directly lets JDBI's exceptions cross the port instead of "
                + "StoreUnavailableException (core.port's package documentation)");
  }
}
