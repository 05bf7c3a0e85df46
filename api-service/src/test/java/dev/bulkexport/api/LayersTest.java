package dev.bulkexport.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of STYLE.md, enforced: the api-service is packaged by feature; a feature reaches another only through
 * that feature's services (never its data access, its HTTP edge or its consumers); {@code platform} serves every
 * feature and depends on none; services know nothing of HTTP; {@code common} is plain Java.
 */
class LayersTest {
    private static final List<String> FEATURES = List.of("account", "destination", "iceberg", "job", "property",
            "schedule", "shard");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.bulkexport.api", "dev.bulkexport.common");

    @Test
    void a_feature_reaches_another_only_through_its_services() {
        for (String feature : FEATURES) {
            noClasses().that().resideOutsideOfPackage("dev.bulkexport.api." + feature + "..")
                    .should().dependOnClassesThat(edgeOrDataAccessOf(feature))
                    .because("another feature's rows, resources and consumers are its own")
                    .check(CLASSES);
        }
    }

    @Test
    void resources_and_consumers_never_touch_data_access() {
        noClasses().that().haveSimpleNameEndingWith("Resource").or().haveSimpleNameEndingWith("Consumer")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Rows")
                .check(CLASSES);
    }

    @Test
    void the_platform_depends_on_no_feature() {
        noClasses().that().resideInAPackage("dev.bulkexport.api.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream()
                        .map(feature -> "dev.bulkexport.api." + feature + "..").toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void services_know_nothing_of_http_resources() {
        noClasses().that().haveSimpleNameEndingWith("Service")
                .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Resource")
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

    private static DescribedPredicate<JavaClass> edgeOrDataAccessOf(String feature) {
        String pkg = "dev.bulkexport.api." + feature;
        return DescribedPredicate.describe(feature + "'s rows, resources or consumers", type ->
                type.getPackageName().startsWith(pkg) && (type.getSimpleName().endsWith("Rows")
                        || type.getSimpleName().endsWith("Repository") || type.getSimpleName().endsWith("Resource")
                        || type.getSimpleName().endsWith("Consumer")));
    }
}
