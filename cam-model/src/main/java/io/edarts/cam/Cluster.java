package io.edarts.cam;

import java.util.Arrays;

/**
 * One cluster of the machine: an SU core and the CU cores it schedules. Core numbers are
 * row-major indices into the mesh ({@code row * cols + col}).
 *
 * @param id     cluster number, row-major over the cluster grid
 * @param suCore core index of the cluster's Synchronization Unit
 * @param cuCores core indices of the Computation Units, ascending
 */
public record Cluster(int id, int suCore, int[] cuCores) {
    public Cluster {
        cuCores = cuCores.clone();
    }

    @Override
    public int[] cuCores() {
        return cuCores.clone();
    }

    public int cuCount() {
        return cuCores.length;
    }

    public int cuCore(int i) {
        return cuCores[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cluster c && c.id == id && c.suCore == suCore && Arrays.equals(c.cuCores, cuCores);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + suCore) + Arrays.hashCode(cuCores);
    }

    @Override
    public String toString() {
        return "Cluster[id=" + id + ", su=" + suCore + ", cus=" + Arrays.toString(cuCores) + "]";
    }
}
