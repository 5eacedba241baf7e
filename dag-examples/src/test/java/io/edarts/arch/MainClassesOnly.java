package io.edarts.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports production classes only. ArchUnit's own {@code DoNotIncludeTests} looks for
 * {@code /target/test-classes/}, but concurrent builds here use {@code -Dedarts.target=target-NAME},
 * so any {@code test-classes} folder is left out, whatever the build directory is called.
 */
public final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
