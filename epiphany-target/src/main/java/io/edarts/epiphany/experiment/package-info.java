/**
 * Experiments that drive the shared {@link io.edarts.epiphany.mesh.EMesh} directly, starting with
 * the eDARTS remote-execution experiment, {@link io.edarts.epiphany.experiment.RemoteExec}.
 */
package io.edarts.epiphany.experiment;
