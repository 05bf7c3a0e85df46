package dev.bulkexport.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers of STYLE.md, enforced: resource -> service -> repository, messaging calls services, common is plain. */
class LayersTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulkexport.api", "dev.bulkexport.common");

    @Test
    void resources_and_consumers_never_touch_repositories() {
        noClasses().that().resideInAnyPackage("..api.rest..", "..api.messaging..", "..api.admin..")
                .and().haveSimpleNameNotEndingWith("Routes") // the admin routes call AdminService only: checked below
                .should().dependOnClassesThat().resideInAPackage("..api.repository..")
                .check(CLASSES);
        noClasses().that().haveSimpleName("AdminRoutes")
                .should().dependOnClassesThat().resideInAPackage("..api.repository..")
                .check(CLASSES);
    }

    @Test
    void the_domain_depends_on_no_layer_above_it() {
        noClasses().that().resideInAPackage("..api.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..api.rest..", "..api.service..",
                        "..api.messaging..", "..api.repository..", "..api.admin..")
                .check(CLASSES);
    }

    @Test
    void services_know_nothing_of_http_resources() {
        noClasses().that().resideInAPackage("..api.service..")
                .should().dependOnClassesThat().resideInAnyPackage("..api.rest..", "..api.admin..", "jakarta.ws.rs..")
                .check(CLASSES);
    }

    @Test
    void common_imports_no_framework() {
        classes().that().resideInAPackage("dev.bulkexport.common..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.bulkexport.common..", "java..",
                        // the JDK's own AES-GCM (SecretCipher), not a framework
                        "javax.crypto..", "com.fasterxml.jackson..")
                .check(CLASSES);
    }
}
