package org.qiandai;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module map of DESIGN.md holds: calls go down (web-ui → analytics/channels/targeting → campaign-core) and only
 * through each module's API. Spring Modulith checks the allowed dependencies each module's package-info declares;
 * ArchUnit states the direction once more in plain words.
 */
class ModularityTests {

    /**
     * The application's own classes: neither test classes nor the modules' test jars (campaign-core's and channels'
     * fixtures, which the reactor puts on this classpath as packaged jars once {@code package} has run).
     */
    private static final ImportOption PRODUCTION = location ->
            ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(PRODUCTION)
            .importPackages("org.qiandai");

    @Test
    void modulesDependOnlyOnWhatTheyMay() {
        ApplicationModules.of(QiandaiApplication.class, PRODUCTION).verify();
    }

    @Test
    void campaignCoreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.qiandai.campaign..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qiandai.targeting..", "org.qiandai.channels..",
                        "org.qiandai.analytics..", "org.qiandai.web..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void middleModulesDoNotDependOnEachOtherOrOnTheWeb() {
        noClasses().that().resideInAPackage("org.qiandai.targeting..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qiandai.channels..", "org.qiandai.analytics..", "org.qiandai.web..")
                .allowEmptyShould(true)
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.qiandai.channels..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qiandai.targeting..", "org.qiandai.analytics..", "org.qiandai.web..")
                .allowEmptyShould(true)
                .check(CLASSES);
        noClasses().that().resideInAPackage("org.qiandai.analytics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.qiandai.targeting..", "org.qiandai.channels..", "org.qiandai.web..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
