package io.lightcloud.loadtest;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Each package of this module under {@code io.lightcloud.loadtest} may depend on another only if that one does not depend back. */
@AnalyzeClasses(packages = "io.lightcloud.loadtest", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("io.lightcloud.(*).(*)..").namingSlices("$2").should().beFreeOfCycles();
}
