/**
 * eCore timing: {@link io.edarts.epiphany.core.MixTiming} for instruction counts in closed form,
 * {@link io.edarts.epiphany.core.IssueModel} for instruction sequences (dual issue, dependencies,
 * branches, late-arriving fetch lines), {@link io.edarts.epiphany.core.Kernel} for loop bodies.
 */
package io.edarts.epiphany.core;
