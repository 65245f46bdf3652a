package org.heroes.analytics.system;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

/**
 * The layering that matters here, checked by the build: the contracts ({@code schemas}, {@code auth}), the
 * shared event validation ({@code events-json}), the shared observability ({@code observability}) and the shared
 * rate limiter ({@code rate-limit}) depend on no service, and no service depends on
 * another service's code. Services and the CLI share only these libraries; the CLI may also run the
 * aggregator's replay, rollup rebuild and forget-student, and nothing else of a service (ADR 0010, 0011).
 */
class ArchitectureTest {

    private static final String INGEST = "org.heroes.analytics.ingest..";
    private static final String AGGREGATOR = "org.heroes.analytics.aggregator..";
    private static final String QUERY = "org.heroes.analytics.query..";
    private static final String CLI = "org.heroes.analytics.cli..";
    private static final String AGGREGATOR_REPLAY = "org.heroes.analytics.aggregator.replay..";
    private static final String AGGREGATOR_ROLLUPS = "org.heroes.analytics.aggregator.rollups..";
    private static final String AGGREGATOR_FORGET = "org.heroes.analytics.aggregator.forget..";
    private static final String RECORDS = "org.heroes.analytics.schemas.avro";
    private static final String AGGREGATOR_APPLICATION = "org.heroes.analytics.aggregator.AggregatorApplication";

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
                .resideInAnyPackage(INGEST, AGGREGATOR, QUERY, CLI)
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
        List<String> forbidden = new ArrayList<>(List.of(INGEST, AGGREGATOR, QUERY, CLI));
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
                .resideInAnyPackage(AGGREGATOR, QUERY, CLI)
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
                .resideInAnyPackage(INGEST, AGGREGATOR, CLI)
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
                .resideInAnyPackage(INGEST, AGGREGATOR, QUERY, CLI, "org.springframework..")
                .check(CLASSES);
    }

    /**
     * The CLI uses no service code, with one exception (ADR 0010): it runs the aggregator's replay and
     * rollup rebuild in-process, through those packages' entry points and the application class, so that
     * a replay writes through the live writer itself, and a rebuild derives rollups with the aggregator's
     * own SQL, rather than copies; and forget-student (ADR 0011), because forgetting must rebuild the touched
     * rollups with that same derivation, in the same transaction, and is the counterpart of the writer's check of
     * the forgotten list. Nothing else of the aggregator, and nothing of the other services.
     */
    @Test
    void theCliDependsOnNoServiceCodeButTheAggregatorsReplayRebuildAndForget() {
        noClasses()
                .that()
                .resideInAPackage(CLI)
                .should()
                .dependOnClassesThat(resideInAnyPackage(INGEST, AGGREGATOR, QUERY)
                        .and(not(resideInAnyPackage(AGGREGATOR_REPLAY, AGGREGATOR_ROLLUPS, AGGREGATOR_FORGET)))
                        .and(not(name(AGGREGATOR_APPLICATION))))
                .check(CLASSES);
    }

    @Test
    void onlyTheCliUsesTheAggregatorsReplayRebuildAndForgetFromOutside() {
        noClasses()
                .that()
                .resideOutsideOfPackages(AGGREGATOR, CLI)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(AGGREGATOR_REPLAY, AGGREGATOR_ROLLUPS, AGGREGATOR_FORGET)
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
