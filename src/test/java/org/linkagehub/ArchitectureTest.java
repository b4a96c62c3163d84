package org.linkagehub;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The shape of the hub's packages (issue #11), checked on the compiled main classes with no Spring context: no cycle
 * between top-level packages, each feature using only the ones below it, no feature reaching into another's
 * sub-packages, and no SQL in the console or the metrics gauges.
 *
 * <p>The rules read bytecode, so an import and a fully qualified name count alike; only a compile-time constant
 * ({@code static final} String or number), which javac copies into the caller, leaves no trace. A failure names the
 * rule, says what to do, and lists each offending use as {@code <from> ... <to> in (File.java:line)}.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "org.linkagehub";

    /** The slice of the root package's own classes (LinkageHubApplication, MappingTestCommand). */
    static final String ROOT_SLICE = "(root)";

    /**
     * The features, bottom to top: each may use only those before it. The same order as the package map of
     * "house step 1" (da3fb7a).
     */
    static final List<String> LAYERS = List.of("platform", "cluster", "departments", "canonical", "routing", "raw",
            "deadlines", "delivery", "quarantine", "ingest", "cases", "receipt", "commitments", "visits", "retention");

    /** What the operators and the demo see and what starts the hub: they use any feature, and nothing uses them. */
    static final List<String> TOP = List.of("metrics", "console", "demo", ROOT_SLICE);

    /** Each top-level package of org.linkagehub is one slice; the root package's classes are a slice of their own. */
    static final SliceAssignment TOP_LEVEL_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return topLevelPackage(javaClass).map(SliceIdentifier::of).orElseGet(SliceIdentifier::ignore);
        }

        @Override
        public String getDescription() {
            return "the top-level packages of " + ROOT + " (its own classes as the slice " + ROOT_SLICE + ")";
        }
    };

    @ArchTest
    static final ArchRule noCycleBetweenTopLevelPackages = slices().assignedFrom(TOP_LEVEL_PACKAGES)
            .should().beFreeOfCycles()
            .because("one package must be buildable and understandable without those above it; break the cycle by "
                    + "moving the shared piece down to the lower package, or by having the lower package declare an "
                    + "interface that the upper one implements (the order is ArchitectureTest.LAYERS)");

    @ArchTest
    static final ArchRule featuresUseOnlyTheFeaturesBelowThem = layers()
            .as("each top-level package uses only those before it in ArchitectureTest.LAYERS (platform first); "
                    + "metrics, console, demo and the root package use any of them and none uses those four")
            .because("a feature may use only the features below it (ArchitectureTest.LAYERS, bottom to top), so that "
                    + "no arrow points back up even before it closes a cycle; to use something from a higher package, "
                    + "move it down to the package that owns its data, or let the lower package declare an interface "
                    + "or publish an event that the higher one implements or listens to. A new top-level package "
                    + "goes into LAYERS (or TOP) at its place");

    @ArchTest
    static final ArchRule noReachIntoAnotherFeaturesInternals = classes()
            .that(resideInAPackage(ROOT + ".*.*.."))
            .should(beUsedOnlyFromTheirOwnTopLevelPackage())
            .because("a feature's sub-packages (ingest.hall, ingest.oa, ingest.market, delivery.push, "
                    + "platform.logging, any ..internal..) are its internals; from another package, go through a "
                    + "class in the feature's top-level package, or move what you need up into it");

    @ArchTest
    static final ArchRule consoleAndMetricsHoldNoSql = noClasses()
            .that(resideInAnyPackage(ROOT + ".console..", ROOT + ".metrics.."))
            .should().dependOnClassesThat(resideInAnyPackage("org.springframework.jdbc..", "javax.sql.."))
            .because("the console and the metrics gauges write nothing and own no table: read through the owning "
                    + "feature's query class (e.g. delivery.DeliveryQueries, cases.CaseQueries), and ask the feature "
                    + "to act; no JdbcTemplate, NamedParameterJdbcTemplate or DataSource here");

    static LayeredArchitecture layers() {
        List<String> all = new ArrayList<>(LAYERS);
        all.addAll(TOP);
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : all) {
            architecture = ROOT_SLICE.equals(layer)
                    ? architecture.layer(layer).definedBy(resideInAPackage(ROOT))
                    : architecture.layer(layer).definedBy(ROOT + "." + layer + "..");
        }
        architecture = architecture.whereLayer(LAYERS.get(0)).mayNotAccessAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            architecture = architecture.whereLayer(LAYERS.get(i))
                    .mayOnlyAccessLayers(LAYERS.subList(0, i).toArray(String[]::new));
        }
        for (String top : TOP) {
            architecture = architecture.whereLayer(top).mayNotBeAccessedByAnyLayer()
                    .whereLayer(top).mayOnlyAccessLayers(LAYERS.toArray(String[]::new));
        }
        return architecture.ensureAllClassesAreContainedInArchitecture();
    }

    /** The first package name under org.linkagehub, {@link #ROOT_SLICE} for the root package, empty outside. */
    static Optional<String> topLevelPackage(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals(ROOT)) {
            return Optional.of(ROOT_SLICE);
        }
        if (!name.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnTopLevelPackage() {
        return new ArchCondition<>("be used only from their own top-level package") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                Optional<String> owner = topLevelPackage(internal);
                for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                    Optional<String> user = topLevelPackage(dependency.getOriginClass());
                    if (user.isPresent() && !user.equals(owner)) {
                        events.add(SimpleConditionEvent.violated(dependency, "package " + user.get() + " reaches into "
                                + internal.getPackageName() + ", an internal of " + owner.orElse("?") + ": "
                                + dependency.getDescription()));
                    }
                }
            }
        };
    }
}
