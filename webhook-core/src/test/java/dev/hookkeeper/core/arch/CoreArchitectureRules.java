package dev.hookkeeper.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;

/**
 * The core's architecture rules, built for a package layout so that the very same definitions run
 * against the real core and against a deliberately broken class set, which proves each rule can
 * fail.
 *
 * @param root the hexagon's root package, e.g. {@code dev.hookkeeper.core}
 */
record CoreArchitectureRules(String root, String model, String port, String usecase) {

  static CoreArchitectureRules forCore() {
    String core = "dev.hookkeeper.core";
    return new CoreArchitectureRules(core, core + ".model", core + ".port", core + ".usecase");
  }

  /** Allow-list: the strongest form of "framework-free". */
  ArchRule dependsOnlyOnTheJdk() {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.crypto..", root + "..")
        .because("the core is embeddable in any JVM service: the JDK and itself only");
  }

  /** Deny-list for JDK corners the allow-list admits but a core has no business with. */
  ArchRule usesNoJdbcOrHttpClient() {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "java.net.http..", "java.rmi..")
        .because("I/O belongs in adapters behind ports");
  }

  ArchRule writesNoStandardStreams() {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("the core reports through ports and results, not the console");
  }

  /**
   * Exceptions crossing a port are classes by nature; every other top-level port type is an
   * interface.
   */
  ArchRule portsAreInterfaces() {
    return classes()
        .that()
        .resideInAPackage(port + "..")
        .and()
        .areTopLevelClasses()
        .and()
        .areNotAssignableTo(Throwable.class)
        .should()
        .beInterfaces()
        .because("a port is a contract the adapters implement");
  }

  /** Types nested in a port are the values it exchanges. */
  ArchRule portNestedTypesAreValues() {
    return classes()
        .that()
        .resideInAPackage(port + "..")
        .and()
        .areMemberClasses()
        .should()
        .beRecords()
        .orShould()
        .beEnums()
        .because("a port carries data, not behaviour");
  }

  /**
   * The driving side: the use cases, ingest and processing, the notifications they share, their
   * settings, and the entry point that composes them (the root package itself).
   */
  private String[] driving() {
    return new String[] {
      usecase + "..", root + ".ingest..", root + ".notify..", root + ".config..", root
    };
  }

  ArchRule modelKnowsNoPortOrUseCase() {
    String[] inner = new String[driving().length + 1];
    inner[0] = port + "..";
    System.arraycopy(driving(), 0, inner, 1, driving().length);
    return noClasses()
        .that()
        .resideInAPackage(model + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(inner)
        .because("the model is the innermost ring");
  }

  ArchRule portsKnowNoUseCase() {
    return noClasses()
        .that()
        .resideInAPackage(port + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(driving())
        .because("use cases drive ports, never the other way round");
  }

  /**
   * A use case's nested types (its result cases, its helpers) belong to it. Types nested in a
   * shared interface or record, such as an own-file result type, may be used by every use case.
   */
  ArchRule useCasesKeepTheirInternals() {
    return classes()
        .that()
        .resideInAPackage(usecase + "..")
        .should(notReachIntoAnotherUseCase())
        .because("use cases change independently");
  }

  ArchRule packagesAreFreeOfCycles() {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  List<ArchRule> all() {
    return List.of(
        dependsOnlyOnTheJdk(),
        usesNoJdbcOrHttpClient(),
        writesNoStandardStreams(),
        portsAreInterfaces(),
        portNestedTypesAreValues(),
        modelKnowsNoPortOrUseCase(),
        portsKnowNoUseCase(),
        useCasesKeepTheirInternals(),
        packagesAreFreeOfCycles());
  }

  private ArchCondition<JavaClass> notReachIntoAnotherUseCase() {
    return new ArchCondition<>("not depend on types nested in another use-case class") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        JavaClass home = topLevel(origin);
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          if (!target.getPackageName().startsWith(usecase) || !target.isNestedClass()) continue;
          JavaClass owner = topLevel(target);
          if (owner.equals(home) || owner.isInterface() || owner.isRecord()) continue;
          events.add(SimpleConditionEvent.violated(d, d.getDescription()));
        }
      }
    };
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass current = c;
    while (current.getEnclosingClass().isPresent()) current = current.getEnclosingClass().get();
    return current;
  }
}
