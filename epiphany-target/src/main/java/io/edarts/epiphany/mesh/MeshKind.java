package io.edarts.epiphany.mesh;

/** The three eMesh networks (ARCH 5.1; epiphany-facts.md, "eMesh network"). */
public enum MeshKind {
    /** On-chip writes, and read data returning to an on-chip core: 8 bytes per cycle per link. */
    CMESH,
    /** Read requests, on- and off-chip: at most one request every 8 cycles per link direction. */
    RMESH,
    /** Writes to off-chip resources (here: the external DRAM), through the eLink. */
    XMESH
}
