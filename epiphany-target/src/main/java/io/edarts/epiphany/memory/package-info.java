/**
 * The Epiphany address map ({@link io.edarts.epiphany.memory.MeshGeometry}: mesh-node IDs, local
 * alias, banks, the DRAM window), the per-core memory budget
 * ({@link io.edarts.epiphany.memory.MemoryBudget}) and the DMA engine as a resource.
 */
package io.edarts.epiphany.memory;
