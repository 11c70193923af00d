package limber.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The timeline core must stay portable: no Vert.x, Paho, Moquette, Jackson or logging in it. */
@AnalyzeClasses(packages = "limber", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPure = noClasses()
            .that().resideInAnyPackage("limber.routine..", "limber.session..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.vertx..", "org.eclipse.paho..", "io.moquette..", "io.netty..", "com.fasterxml.jackson..",
                    "io.micrometer..", "org.slf4j..", "limber.clock..", "limber.mqtt..", "limber.api..",
                    "limber.protocol..", "limber.devices..", "limber.broker..", "limber.config..");

    @ArchTest
    static final ArchRule protocolDoesNotReachIntoTransport = noClasses()
            .that().resideInAPackage("limber.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "org.eclipse.paho..", "io.moquette..");
}
