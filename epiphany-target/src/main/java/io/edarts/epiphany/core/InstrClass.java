package io.edarts.epiphany.core;

/**
 * The eCore's instruction groups for issue and dependency rules (ARCH 7.10): IALU, FPU, load,
 * store and control (branches).
 */
public enum InstrClass {
    IALU, FPU, LOAD, STORE, BRANCH;

    boolean isLoadStore() {
        return this == LOAD || this == STORE;
    }
}
