package dev.bulkexport.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Consumers call the export service; formats and storage know nothing of jobs or Kafka. */
class LayersTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulkexport.worker");

    @Test
    void formats_and_storage_depend_on_no_service_or_consumer() {
        noClasses().that().resideInAnyPackage("..worker.format..", "..worker.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("..worker.service..", "..worker.messaging..")
                .check(CLASSES);
    }

    @Test
    void reports_read_rows_and_know_nothing_of_kafka() {
        noClasses().that().resideInAPackage("..worker.report..")
                .should().dependOnClassesThat().resideInAnyPackage("..worker.messaging..", "org.apache.kafka..",
                        "io.smallrye.reactive.messaging..")
                .check(CLASSES);
    }
}
