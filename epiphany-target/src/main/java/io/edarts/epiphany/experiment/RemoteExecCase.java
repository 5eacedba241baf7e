package io.edarts.epiphany.experiment;

/** The three runs of the remote-execution experiment. */
public enum RemoteExecCase {
    /** Code in core (0,0); every other core runs it alone on an idle mesh, one after the other. */
    ONE_AT_A_TIME("one-at-a-time"),
    /** Code in core (0,0); every other core runs it at the same time through one shared mesh. */
    ALL_AT_ONCE("all-at-once"),
    /** Code in external DRAM; every core, (0,0) included, runs it at the same time. */
    EXTERNAL_DRAM("external-dram");

    private final String label;

    RemoteExecCase(String label) {
        this.label = label;
    }

    /** As in the CSV. */
    public String label() {
        return label;
    }
}
