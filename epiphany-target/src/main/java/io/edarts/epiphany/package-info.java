/**
 * The Epiphany target: {@link io.edarts.epiphany.Targets#forMachine} picks the cost model a machine
 * asks for; {@link io.edarts.epiphany.EpiphanyTarget} is the eMesh and eCore model behind
 * {@code io.edarts.cam.Target}. Sub-packages: {@code memory} (address map, budgets, DMA),
 * {@code mesh} (routing, the contention-aware eMesh, uncontended latencies), {@code core}
 * (instruction timing), {@code cache} (the software code cache), {@code experiment} (the
 * remote-execution experiment). Plain Java, deterministic, no actors, no host clock.
 */
package io.edarts.epiphany;
