package io.edarts.epiphany.memory;

/**
 * What an Epiphany address names: a byte of some core's local memory (with its bank), one of a
 * core's memory-mapped registers, or a byte of the external DRAM window. Produced by
 * {@link MeshGeometry#locate}.
 */
public sealed interface Location permits Location.CoreMemory, Location.CoreRegister, Location.ExternalDram {

    /** The mesh node that serves this location: a core index, or {@link MeshGeometry#dramNode()}. */
    int node(MeshGeometry geometry);

    /**
     * A byte of core {@code core}'s local memory.
     *
     * @param core   core index (row-major)
     * @param offset offset in the core's 32 KB
     * @param bank   the 8 KB bank holding it ({@code offset / bankBytes})
     */
    record CoreMemory(int core, int offset, int bank) implements Location {
        public CoreMemory {
            if (core < 0 || offset < 0 || bank < 0) {
                throw new IllegalArgumentException("bad core memory location: core " + core + ", offset " + offset
                        + ", bank " + bank);
            }
        }

        @Override
        public int node(MeshGeometry geometry) {
            return core;
        }
    }

    /**
     * A memory-mapped register of core {@code core} (0xF0000-0xF7FFF in the core's space, fast.ldf
     * {@code MMR}).
     */
    record CoreRegister(int core, int offset) implements Location {
        public CoreRegister {
            if (core < 0 || offset < 0) {
                throw new IllegalArgumentException("bad register location: core " + core + ", offset " + offset);
            }
        }

        @Override
        public int node(MeshGeometry geometry) {
            return core;
        }
    }

    /** A byte of the external DRAM window, {@code offset} bytes from its base. */
    record ExternalDram(long offset) implements Location {
        public ExternalDram {
            if (offset < 0) {
                throw new IllegalArgumentException("DRAM offset must be >= 0, got " + offset);
            }
        }

        @Override
        public int node(MeshGeometry geometry) {
            return geometry.dramNode();
        }
    }
}
