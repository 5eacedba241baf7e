/**
 * Where a core's code comes from when it calls a code object: the eSDK software code cache
 * ({@link io.edarts.epiphany.cache.CodeCache}), COPRTHR-2 dynamic calls
 * ({@link io.edarts.epiphany.cache.DynamicCallTable}) and the placement qualifiers, joined by the
 * per-core facade {@link io.edarts.epiphany.cache.CodeResidency}.
 *
 * <p>Everything here is plain, single-threaded and deterministic: one instance per simulated core,
 * owned by the thread that runs that core, no locks and no host clock. Times are simulated cycles
 * passed in by the caller. The package reports the cycles spent getting the code to the core and
 * whether the body then runs locally or in place; charging the body itself is the core timing
 * model's job.
 */
package io.edarts.epiphany.cache;
