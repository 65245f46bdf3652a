package org.heroes.analytics.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.heroes.analytics.schemas.Topic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The layering that matters here, checked by the build: the contracts ({@code schemas}, {@code auth}), the
 * shared event validation ({@code events-json}), the shared observability ({@code observability}) and the shared
 * rate limiter ({@code rate-limit}) depend on no service, and no service depends on
 * another service's code. Services and the CLI share only these libraries, and the aggregator and the CLI the
 * {@code store} library besides: the writer and the operations (retention, partitions, forget, replay, rollup
 * rebuild), which depend on neither of them and run no schedule or listener of their own (ADR 0010, 0011, 0034).
 */
class ArchitectureTest {

    private static final String INGEST = "org.heroes.analytics.ingest..";
    private static final String AGGREGATOR = "org.heroes.analytics.aggregator..";
    private static final String QUERY = "org.heroes.analytics.query..";
    private static final String CLI = "org.heroes.analytics.cli..";
    private static final String STORE = "org.heroes.analytics.store..";
    private static final String RECORDS = "org.heroes.analytics.schemas.avro";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.heroes.analytics");

    @Test
    void schemasDependOnNoServiceAndNoOtherModule() {
        noClasses()
                .that()
                .resideInAPackage("org.heroes.analytics.schemas..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        INGEST,
                        AGGREGATOR,
                        QUERY,
                        CLI,
                        STORE,
                        "org.heroes.analytics.auth..",
                        "org.heroes.analytics.eventsjson..")
                .check(CLASSES);
    }

    @Test
    void topicsDependOnNothingButTheJdk() {
        // scripts/lib/kafka.sh compiles Topic.java alone beside EnsureTopics.java, before any build
        classes()
                .that()
                .belongToAnyOf(Topic.class)
                .should()
                .onlyDependOnClassesThat(JDK_OR_TOPIC)
                .check(CLASSES);
    }

    /** A JDK class, Topic itself (or its nested classes), or an array of one of them. */
    private static final DescribedPredicate<JavaClass> JDK_OR_TOPIC =
            DescribedPredicate.describe("the JDK or Topic itself", type -> {
                JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                return base.isPrimitive()
                        || base.getPackageName().startsWith("java.")
                        || base.getName().startsWith(Topic.class.getName());
            });

    /**
     * ADR 0030: what differs per kind of record is declared once, in {@code EventKind}, and dispatched by a switch
     * over it that the compiler checks for every kind; an {@code instanceof} chain over the generated record classes
     * misses a new kind silently.
     */
    @Test
    void noCodeTellsTheKindsApartByInstanceofOnTheRecordClasses() {
        classes()
                .that()
                .resideOutsideOfPackage(RECORDS)
                .should(new ArchCondition<JavaClass>("tell record kinds apart by EventKind, not by instanceof") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        type.getCodeUnits()
                                .forEach(unit -> unit.getInstanceofChecks().stream()
                                        .filter(check -> check.getRawType()
                                                .getPackageName()
                                                .equals(RECORDS))
                                        .forEach(check -> events.add(SimpleConditionEvent.violated(
                                                type,
                                                unit.getFullName() + " checks instanceof "
                                                        + check.getRawType().getSimpleName() + " "
                                                        + check.getSourceCodeLocation()
                                                        + ": switch over EventKind instead"))));
                    }
                })
                .check(CLASSES);
    }

    @Test
    void authDependsOnNoService() {
        noClasses()
                .that()
                .resideInAPackage("org.heroes.analytics.auth..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, AGGREGATOR, QUERY, CLI, STORE)
                .check(CLASSES);
    }

    @Test
    void theSharedEventValidationDependsOnNoServiceNoCliAndNoSpring() {
        // ingest-service and the backfill of the CLI both validate with it: it must stay free of either side
        noClasses()
                .that()
                .resideInAPackage("org.heroes.analytics.eventsjson..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        INGEST,
                        AGGREGATOR,
                        QUERY,
                        CLI,
                        STORE,
                        "org.heroes.analytics.auth..",
                        "org.springframework..",
                        "jakarta.servlet..",
                        "org.apache.kafka..")
                .check(CLASSES);
    }

    @Test
    void theSharedObservabilityDependsOnNoServiceAndNoOtherModule() {
        // every service wraps its DataSource and checks Kafka with it: it must stay free of all of them
        sharedModuleDependsOnNoServiceAndNone(
                "org.heroes.analytics.observability..",
                "org.heroes.analytics.schemas..",
                "org.heroes.analytics.auth..",
                "org.heroes.analytics.eventsjson..");
    }

    @Test
    void theSharedRateLimiterDependsOnNoServiceAndNoOtherModule() {
        // both services' APIs limit their callers with it; who a caller is stays each service's business
        sharedModuleDependsOnNoServiceAndNone(
                "org.heroes.analytics.ratelimit..",
                "org.heroes.analytics.schemas..",
                "org.heroes.analytics.auth..",
                "org.heroes.analytics.eventsjson..",
                "org.heroes.analytics.observability..");
    }

    /** No class of {@code module} depends on a service, the CLI, or any of {@code otherModules}. */
    private static void sharedModuleDependsOnNoServiceAndNone(String module, String... otherModules) {
        List<String> forbidden = new ArrayList<>(List.of(INGEST, AGGREGATOR, QUERY, CLI, STORE));
        forbidden.addAll(List.of(otherModules));
        noClasses()
                .that()
                .resideInAPackage(module)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void ingestDependsOnNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage(INGEST)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(AGGREGATOR, QUERY, CLI, STORE)
                .check(CLASSES);
    }

    @Test
    void aggregatorDependsOnNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage(AGGREGATOR)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, QUERY, CLI)
                .check(CLASSES);
    }

    @Test
    void queryDependsOnNoOtherService() {
        noClasses()
                .that()
                .resideInAPackage(QUERY)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, AGGREGATOR, CLI, STORE)
                .check(CLASSES);
    }

    @Test
    void theClientLibraryDependsOnNoServiceAndNoSpring() {
        // client apps embed it: it must stay a small plain-Java library
        noClasses()
                .that()
                .resideInAPackage("org.heroes.analytics.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, AGGREGATOR, QUERY, CLI, STORE, "org.springframework..")
                .check(CLASSES);
    }

    /**
     * The CLI uses no service code (ADR 0034): replay, rollup rebuild and forget-student run the aggregator's own
     * writer and derivation from the {@code store} library, in a context of the CLI's own, never the aggregator's
     * application. So a new background job of the service is no change to the CLI, and the reverse.
     */
    @Test
    void theCliDependsOnNoServiceCode() {
        noClasses()
                .that()
                .resideInAPackage(CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, AGGREGATOR, QUERY)
                .check(CLASSES);
    }

    /** The library is used by the aggregator and the CLI and uses neither: they depend on it, never the reverse. */
    @Test
    void theStoreDependsOnNoServiceAndNotOnTheCli() {
        noClasses()
                .that()
                .resideInAPackage(STORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(INGEST, AGGREGATOR, QUERY, CLI)
                .check(CLASSES);
    }

    @Test
    void onlyTheAggregatorAndTheCliUseTheStore() {
        noClasses()
                .that()
                .resideOutsideOfPackages(STORE, AGGREGATOR, CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(STORE)
                .check(CLASSES);
    }

    /**
     * The library holds the jobs, not their clocks nor the live path: no schedule, no Kafka listener, no application
     * of its own. The aggregator schedules the jobs and listens; the CLI runs them once, on an operator's command.
     */
    @Test
    void theStoreSchedulesNothingListensToNothingAndIsNoApplication() {
        noClasses()
                .that()
                .resideInAPackage(STORE)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        Scheduled.class,
                        EnableScheduling.class,
                        KafkaListener.class,
                        SpringApplication.class,
                        SpringApplicationBuilder.class,
                        SpringBootApplication.class)
                .orShould()
                .beAnnotatedWith(SpringBootApplication.class)
                .check(CLASSES);
        noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage(STORE)
                .should()
                .beAnnotatedWith(Scheduled.class)
                .orShould()
                .beAnnotatedWith(KafkaListener.class)
                .check(CLASSES);
    }

    @Test
    void onlyTheTenancyHelperOfQueryServiceTouchesTheDatabaseOrTransactions() {
        // every read runs inside FacilitatorReads, which sets app.facilitator_id first (ADR 0004)
        noClasses()
                .that()
                .resideInAPackage(QUERY)
                .and()
                .resideOutsideOfPackage("org.heroes.analytics.query.tenancy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javax.sql..",
                        "org.springframework.jdbc.core.simple..",
                        "org.springframework.jdbc.core.namedparam..",
                        "org.springframework.jdbc.datasource..",
                        "org.springframework.transaction.support..",
                        "org.springframework.transaction.annotation..")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(org.springframework.jdbc.core.JdbcOperations.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(org.springframework.transaction.PlatformTransactionManager.class)
                .check(CLASSES);
    }
}
