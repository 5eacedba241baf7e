/**
 * The eMesh: dimension-order {@link io.edarts.epiphany.mesh.Routing}, the contention-aware
 * {@link io.edarts.epiphany.mesh.EMesh} (one owner, virtual time, round-robin routers) and the
 * uncontended closed forms {@link io.edarts.epiphany.mesh.MeshTiming} the per-core models use.
 */
package io.edarts.epiphany.mesh;
