package dev.hookkeeper.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules that keep the provider simulators apart from production code, built for a package
 * root so that the same definitions run against Hookkeeper and against planted violations
 * ({@code SimulatorRulesCanFailTest}).
 *
 * @param root {@code dev.hookkeeper}, or the root of a planted class set laid out the same way
 */
record SimulatorRules(String root) {

  static SimulatorRules forHookkeeper() {
    return new SimulatorRules("dev.hookkeeper");
  }

  private String[] simulators() {
    return new String[] {root + ".github.simulator..", root + ".gitlab.simulator.."};
  }

  /** Only the demo wiring may start a simulator; nothing in production reaches one. */
  ArchRule onlyTheDemoUsesSimulators() {
    return noClasses().that().resideOutsideOfPackages(
            root + ".app.demo..", root + ".github.simulator..", root + ".gitlab.simulator..")
        .should().dependOnClassesThat().resideInAnyPackage(simulators())
        .because("the simulators are test and demo equipment; only the demo wiring may start them");
  }

  /** The real clients and decoders never lean on the stand-in they are tested against. */
  ArchRule adaptersDoNotKnowTheirSimulator() {
    return noClasses().that().resideInAnyPackage(root + ".github", root + ".gitlab")
        .should().dependOnClassesThat().resideInAnyPackage(simulators())
        .because("a client that shares code with its simulator is tested against itself");
  }

  /** A simulator states the provider's behaviour itself instead of borrowing the adapter's. */
  ArchRule simulatorsDoNotBorrowFromTheirAdapter() {
    return noClasses().that().resideInAnyPackage(simulators())
        .should().dependOnClassesThat().resideInAnyPackage(root + ".github", root + ".gitlab")
        .because("the simulators are held to the provider, not to our client (signing, event names, JSON)");
  }
}
