package limber.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering drawn in docs/architecture.md is the rule: every dependency between two packages of
 * {@code src/main} must be an arrow of that picture, every arrow must still be used, and no
 * packages depend on each other in a cycle. Plus the rules a picture cannot show.
 */
class ArchitectureTest {
    private static final Path PICTURE = Path.of("docs", "architecture.md");
    private static JavaClasses classes;
    private static Map<String, Set<String>> picture;

    @BeforeAll
    static void importClasses() throws Exception {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("limber");
        picture = LayerPicture.read(PICTURE);
    }

    /** Package dependencies in the code, each with one example, e.g. {@code api -> clock: TrainerApi -> ZoneCall}. */
    static Map<String, String> actual(JavaClasses classes) {
        Map<String, String> out = new TreeMap<>();
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                String from = LayerPicture.packageOf(c.getPackageName());
                String to = LayerPicture.packageOf(target.getPackageName());
                if (from != null && to != null && !from.equals(to)) {
                    out.putIfAbsent(from + " -> " + to, c.getSimpleName() + " -> " + target.getSimpleName());
                }
            }
        }
        return out;
    }

    /** Dependencies in {@code code} that {@code allowed} does not draw. */
    static Set<String> undrawn(Map<String, String> code, Map<String, Set<String>> allowed) {
        Set<String> out = new TreeSet<>();
        code.forEach((edge, example) -> {
            String[] ends = edge.split(" -> ");
            if (!allowed.getOrDefault(ends[0], Set.of()).contains(ends[1])) {
                out.add(edge + " (" + example + ")");
            }
        });
        return out;
    }

    @Test
    void everyPackageDependencyIsDrawnInTheArchitecturePicture() {
        Map<String, String> code = actual(classes);
        assertTrue(code.size() > 30, "the import found the engine's packages: " + code.keySet());
        Set<String> undrawn = undrawn(code, picture);
        assertTrue(undrawn.isEmpty(), "dependencies not in " + PICTURE + " (draw them there or remove them):\n"
                + String.join("\n", undrawn));
    }

    @Test
    void everyArrowInThePictureIsStillUsed() {
        Set<String> code = actual(classes).keySet();
        Set<String> stale = new TreeSet<>();
        picture.forEach((from, tos) -> tos.forEach(to -> {
            if (!code.contains(from + " -> " + to)) {
                stale.add(from + " --> " + to);
            }
        }));
        assertTrue(stale.isEmpty(), "arrows in " + PICTURE + " that no code uses any more:\n" + String.join("\n", stale));
    }

    @Test
    void theCheckCatchesAnArrowThatIsMissing() {
        // guards the check itself: take one real arrow out of the picture and it must be reported
        Map<String, Set<String>> withoutOne = new HashMap<>();
        picture.forEach((k, v) -> withoutOne.put(k, new HashSet<>(v)));
        withoutOne.get("session").remove("routine");
        Set<String> undrawn = undrawn(actual(classes), withoutOne);
        assertEquals(1, undrawn.size(), undrawn.toString());
        assertTrue(undrawn.iterator().next().startsWith("session -> routine"), undrawn.toString());
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("limber.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void thePictureIsAcyclicAndNamesOnlyRealPackages() {
        Set<String> real = new TreeSet<>();
        classes.forEach(c -> real.add(LayerPicture.packageOf(c.getPackageName())));
        Set<String> drawn = new TreeSet<>(picture.keySet());
        picture.values().forEach(drawn::addAll);
        assertEquals(real, drawn, "the picture shows exactly the packages of src/main");
        assertFalse(LayerPicture.hasCycle(picture), "the picture itself has a cycle");
    }

    @Test
    void coreImportsNoFrameworkAndNoOuterLayer() {
        assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("limber.session")), "core was imported");
        noClasses().that().resideInAnyPackage("limber.routine..", "limber.session..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx..", "org.eclipse.paho..", "io.moquette..", "io.netty..", "com.fasterxml.jackson..",
                        "io.micrometer..", "org.slf4j..", "limber.clock..", "limber.mqtt..", "limber.api..",
                        "limber.protocol..", "limber.devices..", "limber.broker..", "limber.config..")
                .check(classes);
    }

    @Test
    void protocolDoesNotReachIntoTransport() {
        noClasses().that().resideInAPackage("limber.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "org.eclipse.paho..", "io.moquette..")
                .check(classes);
    }

    @Test
    void httpStatusesLiveInTheApiAndZoneCallJsonInTheClusterCodecOnly() {
        noClasses().that().resideOutsideOfPackages("limber.api..", "limber")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
                .check(classes);
        noClasses().that().resideInAPackage("limber.clock..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.json..", "io.vertx.core.eventbus..")
                .check(classes);
    }
}
