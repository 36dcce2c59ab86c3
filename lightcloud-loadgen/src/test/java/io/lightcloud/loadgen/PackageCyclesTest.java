package io.lightcloud.loadgen;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Each package of this module under {@code io.lightcloud.loadgen} may depend on another only if that one does not depend back. */
@AnalyzeClasses(packages = "io.lightcloud.loadgen", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("io.lightcloud.(*).(*)..").namingSlices("$2").should().beFreeOfCycles();
}
