package io.edarts.epiphany.host;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a program gets onto the cores before it runs ({@code edarts run --launch}); the costs are
 * {@link Launcher}'s, the procedures those of coprthr2-paper.txt 3.3 (its Table 1 and Figure 2).
 */
public enum LaunchProcedure {
    /** No launch: the program is on the cores at cycle 0 (every run before launches were modelled). */
    NONE("none", "the program is on the cores at cycle 0"),
    /** The eSDK's loader: the host copies the whole image to each core in turn, then starts each. */
    SERIAL("serial", "eSDK serial loader: the host copies syscore+usrcore to each core in turn, then starts each"),
    /** COPRTHR-2's distributed tree loader: one host-to-core copy, then core-to-core copies, log2 deep. */
    TREE("tree", "COPRTHR-2 tree loader: the host copies syscore+usrcore to core 0, then the cores copy it on, doubling"),
    /** A hot load of usrcore into cores waiting in syscore, spread by syscore's tree. */
    HOT("hot", "COPRTHR-2 hot load: cores wait in syscore; the host copies usrcore to core 0, the cores copy it on"),
    /** Re-execute a program already loaded: a signal only. */
    REEXEC("reexec", "COPRTHR-2 re-execute: the program is loaded; the host signals core 0, the cores signal on");

    private final String label;
    private final String description;

    LaunchProcedure(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The four procedures that load or start a program, in the order they get cheaper. */
    public static List<LaunchProcedure> loads() {
        return List.of(SERIAL, TREE, HOT, REEXEC);
    }

    /**
     * The procedure labelled {@code label}.
     *
     * @throws IllegalArgumentException for an unknown label, listing the known ones
     */
    public static LaunchProcedure of(String label) {
        for (LaunchProcedure p : values()) {
            if (p.label.equals(label == null ? null : label.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown launch procedure '" + label + "': expected one of "
                + String.join(", ", labels()));
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(LaunchProcedure::label).toList();
    }
}
