/**
 * Running a program from Java in one call: {@link io.edarts.run.Runner#run} with a
 * {@link io.edarts.run.RunSpec} (machine by name, overrides, policy, placements, output folder) writes
 * what {@code edarts run} writes, through the same code. It lives in dag-examples because it needs the
 * target modules' machines (through {@code MachineRegistry}), the report writers and the scheduler
 * together, which only dag-examples may see; a module of its own would only save users picocli.
 */
package io.edarts.run;
