package limber.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The timeline core must stay portable: no Vert.x, Paho, Moquette, Jackson or logging in it. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("limber");
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
}
