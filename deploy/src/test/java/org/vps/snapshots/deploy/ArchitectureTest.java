package org.vps.snapshots.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.decorator.Decorator;
import jakarta.persistence.Entity;
import jakarta.ws.rs.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's rules. Every rule must match classes (ArchUnit fails a rule that checks nothing),
 * so a rule about a package that does not exist fails too.
 */
class ArchitectureTest {
  static final String ROOT = "org.vps.snapshots";
  static final String DOMAIN = ROOT + ".domain..";
  static final String APPLICATION = ROOT + ".application..";
  static final String REST = ROOT + ".rest..";
  static final String PERSISTENCE = ROOT + ".persistence..";
  static final String MESSAGING = ROOT + ".messaging..";
  static final String HYPERVISOR = ROOT + ".hypervisor..";
  static final String[] ADAPTERS = {REST, PERSISTENCE, MESSAGING, HYPERVISOR};

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages(ROOT);

  @Test
  void theDomainUsesJavaOnly() {
    classes()
        .that()
        .resideInAPackage(DOMAIN)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(DOMAIN, "java..")
        .check(CLASSES);
  }

  @Test
  void theApplicationUsesTheDomainAndJakartaInjectionAndTransactionsOnly() {
    classes()
        .that()
        .resideInAPackage(APPLICATION)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            APPLICATION,
            DOMAIN,
            "java..",
            "jakarta.inject..",
            "jakarta.enterprise..",
            "jakarta.transaction..")
        .check(CLASSES);
  }

  @Test
  void noAdapterUsesAnother() {
    for (String adapter : ADAPTERS) {
      String[] others =
          Arrays.stream(ADAPTERS).filter(a -> !a.equals(adapter)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(adapter)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .check(CLASSES);
    }
  }

  /**
   * Each package is a subject (or the ports), and no two of them need each other: a change to one
   * subject can be read, and tested, without the packages that use it.
   */
  @Test
  void noPackageDependsOnAnotherThatDependsOnIt() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(CLASSES);
  }

  /** The application's classes live in the package of their subject, none at its root. */
  @Test
  void theApplicationIsSortedBySubject() {
    noClasses().should().resideInAPackage(ROOT + ".application").check(CLASSES);
    classes()
        .that()
        .resideInAPackage(APPLICATION)
        .should()
        .resideInAnyPackage(
            ROOT + ".application.snapshot",
            ROOT + ".application.server",
            ROOT + ".application.work",
            ROOT + ".application.outbox",
            ROOT + ".application.idempotency",
            ROOT + ".application.access",
            ROOT + ".application.webhook",
            ROOT + ".application.schedule",
            ROOT + ".application.port")
        .check(CLASSES);
  }

  /**
   * The domain's root holds what every subject shares (the ids, the text rules, the root of the
   * refusals) and needs none of them; each subject has a package of its own.
   */
  @Test
  void theDomainIsSortedBySubject() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".domain")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".domain.snapshot",
            ROOT + ".domain.event",
            ROOT + ".domain.operation",
            ROOT + ".domain.webhook",
            ROOT + ".domain.schedule")
        .check(CLASSES);
    classes()
        .that()
        .resideInAPackage(DOMAIN)
        .should()
        .resideInAnyPackage(
            ROOT + ".domain",
            ROOT + ".domain.snapshot",
            ROOT + ".domain.event",
            ROOT + ".domain.operation",
            ROOT + ".domain.webhook",
            ROOT + ".domain.schedule")
        .check(CLASSES);
  }

  @Test
  void nothingInsideTheHexagonUsesAnAdapter() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN, APPLICATION)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ADAPTERS)
        .check(CLASSES);
  }

  /** The persistence adapter's rule (its package-info): one port, one class named after it. */
  @Test
  void persistenceImplementsEachPortInAClassNamedAfterIt() {
    classes()
        .that()
        .resideInAPackage(PERSISTENCE)
        .and()
        .areTopLevelClasses()
        .and()
        .areNotAnnotatedWith(Decorator.class)
        .and(implementAPort())
        .should(beNamedPostgresAndTheirPort())
        .check(CLASSES);
  }

  /** ... and rows become aggregates in one place only. */
  @Test
  void onlyThePersistenceMappingRebuildsAggregatesFromStorage() {
    noClasses()
        .that()
        .resideOutsideOfPackage(DOMAIN)
        .and()
        .doNotHaveFullyQualifiedName(ROOT + ".persistence.DomainMapping")
        .should()
        .callCodeUnitWhere(JavaCall.Predicates.target(HasName.Predicates.name("fromStorage")))
        .check(CLASSES);
  }

  private static DescribedPredicate<JavaClass> implementAPort() {
    return DescribedPredicate.describe(
        "implement a port",
        type -> type.getAllRawInterfaces().stream().anyMatch(ArchitectureTest::isPort));
  }

  private static boolean isPort(JavaClass type) {
    return type.getPackageName().equals(ROOT + ".application.port");
  }

  private static ArchCondition<JavaClass> beNamedPostgresAndTheirPort() {
    return new ArchCondition<>("be named Postgres and the port they implement") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        boolean named =
            type.getRawInterfaces().stream()
                .filter(ArchitectureTest::isPort)
                .anyMatch(port -> type.getSimpleName().equals("Postgres" + port.getSimpleName()));
        if (!named) {
          events.add(
              SimpleConditionEvent.violated(
                  type, type.getName() + " implements a port but is not named Postgres<Port>"));
        }
      }
    };
  }

  @Test
  void entitiesStayInThePersistenceAdapter() {
    classes()
        .that()
        .areAnnotatedWith(Entity.class)
        .should()
        .resideInAPackage(PERSISTENCE)
        .check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackage(PERSISTENCE)
        .should()
        .dependOnClassesThat()
        .areAnnotatedWith(Entity.class)
        .check(CLASSES);
  }

  @Test
  void httpResourcesStayInTheRestAdapter() {
    classes().that().areAnnotatedWith(Path.class).should().resideInAPackage(REST).check(CLASSES);
    noClasses()
        .that()
        .resideOutsideOfPackages(REST)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.ws.rs..")
        .check(CLASSES);
  }

  @Test
  void portsAreInterfacesWithTheirFailuresAndTheirDataTypes() {
    classes()
        .that()
        .resideInAPackage(ROOT + ".application.port")
        .and()
        .areTopLevelClasses()
        .should()
        .beInterfaces()
        .orShould()
        .beAssignableTo(RuntimeException.class)
        .orShould()
        .beAssignableTo(Record.class)
        .orShould()
        .beEnums()
        .check(CLASSES);
  }

  @Test
  void kafkaStaysInTheMessagingAdapter() {
    noClasses()
        .that()
        .resideOutsideOfPackages(MESSAGING, ROOT + ".deploy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.smallrye.reactive.messaging..")
        .check(CLASSES);
  }
}
