package dev.bulkexport.notifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Consumers call services; the HTTP client and the domain know nothing of the layers that use them. */
class LayersTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulkexport.notifier");

    @Test
    void consumers_call_services_never_repositories() {
        noClasses().that().resideInAPackage("..notifier.messaging..")
                .should().dependOnClassesThat().resideInAPackage("..notifier.repository..")
                .check(CLASSES);
    }

    @Test
    void the_client_and_the_domain_depend_on_no_service() {
        noClasses().that().resideInAnyPackage("..notifier.client..", "..notifier.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..notifier.service..", "..notifier.messaging..",
                        "..notifier.repository..")
                .check(CLASSES);
    }
}
