package io.edarts.epiphany.cache;

import io.edarts.cam.Placement;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One core's answer to "how does this call reach its code, and what did that cost", over the
 * COPRTHR-2 placement qualifiers (coprthr2-paper.txt 3.4) and the eSDK software cache:
 * <ul>
 *   <li>{@code LOCAL} ({@code __usrcore_call}): resident; a plain call, no overhead.</li>
 *   <li>{@code GLOBAL} ({@code __usrmem_call}): executed in place from its home; no overhead here,
 *       the core timing model charges the remote fetches of the body.</li>
 *   <li>{@code DYNAMIC} ({@code __dynamic_call}): through the {@link DynamicCallTable}.</li>
 *   <li>{@code CACHED}: through the {@link CodeCache} (the default placement).</li>
 * </ul>
 * The scheduler calls {@link #enter} when a body starts and {@link #exit} when it returns, innermost
 * first, adds {@link #lastCycles()} to the firing's code charge and charges the body local or in
 * place as {@link CallOutcome#inPlace()} says. Owned by one core's thread; no allocation per call.
 */
public final class CodeResidency {
    private final CodeCache cache;
    private final DynamicCallTable dynamic;

    private int[] frameIds = new int[16];
    private Placement[] framePlacements = new Placement[16];
    private int depth;
    private int activeDynamic;
    private long lastCycles;
    private long lastInstructions;

    private CodeResidency(Builder b) {
        cache = b.cache;
        dynamic = b.dynamic;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Calls {@code code} at simulated cycle {@code now}.
     *
     * @return how the code was reached; {@link #lastCycles()} holds what getting there cost
     * @throws IllegalArgumentException on a null object or {@code now < 0}
     * @throws IllegalStateException    if the placement needs a cache or dynamic-call table this core lacks
     */
    public CallOutcome enter(CodeImage code, long now) {
        return enter(code, now, null);
    }

    /**
     * Calls {@code code} at {@code now}; a cache miss is offered {@code hint}, a node the caller
     * believes holds a copy (or null). What the call evicted is in {@link #lastEvicted()}.
     */
    public CallOutcome enter(CodeImage code, long now, CodeSource hint) {
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        if (now < 0) {
            throw new IllegalArgumentException("now must be >= 0, got " + now);
        }
        CallOutcome outcome;
        Placement placement = code.placement();
        if (placement == Placement.CACHED) { // the common case first, without the switch
            CodeCache c = requireCache(code);
            outcome = c.enter(code, now, hint);
            lastCycles = c.lastCycles();
            lastInstructions = c.lastInstructions();
            push(code.id(), placement);
            return outcome;
        }
        switch (placement) {
            case LOCAL -> {
                outcome = CallOutcome.LOCAL_HIT;
                lastCycles = 0;
                lastInstructions = 0;
            }
            case GLOBAL -> {
                outcome = CallOutcome.IN_PLACE_GLOBAL;
                lastCycles = 0;
                lastInstructions = 0;
            }
            case DYNAMIC -> {
                DynamicCallTable d = requireDynamic(code);
                outcome = d.call(code, now);
                lastCycles = d.lastCycles();
                lastInstructions = d.lastInstructions();
                activeDynamic++;
            }
            case CACHED -> {
                CodeCache c = requireCache(code);
                outcome = c.enter(code, now, hint);
                lastCycles = c.lastCycles();
                lastInstructions = c.lastInstructions();
            }
            default -> throw new IllegalArgumentException("unknown placement " + placement);
        }
        push(code.id(), placement);
        return outcome;
    }

    /**
     * Returns from {@code code}, which must be the innermost active call.
     *
     * @return cycles of the return path (only cached calls have one)
     * @throws IllegalStateException if {@code code} is not the innermost active call
     */
    public long exit(CodeImage code, long now) {
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        if (depth == 0) {
            throw new IllegalStateException("exit of '" + code.name() + "' with no active call");
        }
        Placement placement = code.placement();
        if (frameIds[depth - 1] != code.id() || framePlacements[depth - 1] != placement) {
            throw new IllegalStateException("exit of '" + code.name() + "' (id " + code.id() + ", "
                    + placement + ") but the innermost active call is id " + frameIds[depth - 1]
                    + " (" + framePlacements[depth - 1] + ")");
        }
        if (placement == Placement.CACHED) {
            lastCycles = cache.exit(code, now);
            lastInstructions = cache.lastInstructions();
        } else {
            lastCycles = 0;
            lastInstructions = 0;
            if (placement == Placement.DYNAMIC) {
                activeDynamic--;
            }
        }
        depth--;
        return lastCycles;
    }

    /** Cycles of the last {@link #enter} or {@link #exit}. */
    /** What the last {@link #enter} evicted from the cache (empty unless it was a cached call that missed). */
    public java.util.List<CodeImage> lastEvicted() {
        return cache == null ? java.util.List.of() : cache.lastEvicted();
    }

    public long lastCycles() {
        return lastCycles;
    }

    /** Instructions of the last {@link #enter} or {@link #exit}. */
    public long lastInstructions() {
        return lastInstructions;
    }

    /**
     * COPRTHR-2's reset of the dynamic-call jump table: invalidates every entry, frees the region.
     *
     * @throws IllegalStateException if this core has no dynamic-call table, or a dynamic function is
     *                               on the call stack (its code would be freed under it)
     */
    public void resetDynamicCalls() {
        if (dynamic == null) {
            throw new IllegalStateException("this core has no dynamic-call table to reset");
        }
        if (activeDynamic > 0) {
            throw new IllegalStateException("cannot reset dynamic calls: " + activeDynamic
                    + " dynamic call(s) are on the call stack");
        }
        dynamic.reset();
    }

    /** Active calls of any placement. */
    public int callDepth() {
        return depth;
    }

    public Optional<CodeCache> cache() {
        return Optional.ofNullable(cache);
    }

    public Optional<DynamicCallTable> dynamicCalls() {
        return Optional.ofNullable(dynamic);
    }

    /**
     * Local-memory bytes this core spends on the code of {@code program} (every code object the core
     * may call) under this configuration.
     *
     * @throws IllegalArgumentException if two different objects share an id
     */
    public ResidentFootprint footprint(Collection<CodeImage> program) {
        if (program == null) {
            throw new IllegalArgumentException("program must not be null");
        }
        Map<Integer, CodeImage> seen = new HashMap<>();
        long local = 0;
        int cached = 0;
        int dynamicObjects = 0;
        for (CodeImage c : program) {
            if (c == null) {
                throw new IllegalArgumentException("program contains a null code object");
            }
            CodeImage other = seen.putIfAbsent(c.id(), c);
            if (other != null) {
                if (!other.equals(c)) {
                    throw new IllegalArgumentException("code id " + c.id() + " is used by both " + other + " and " + c);
                }
                continue;
            }
            switch (c.placement()) {
                case LOCAL -> local += c.bytes();
                case CACHED -> cached++;
                case DYNAMIC -> dynamicObjects++;
                default -> { } // GLOBAL: nothing resident
            }
        }
        int table = cache == null ? 0 : cache.spec().tableBytes();
        int region = cache == null ? 0 : cache.spec().regionBytes();
        int policyState = cache == null ? 0 : cache.policyCosts().bytesPerCodeObject() * cached;
        int dynRegion = dynamic == null ? 0 : dynamic.regionBytes();
        return new ResidentFootprint(Math.toIntExact(local), EsdkCosts.PLT_ENTRY_BYTES * cached, table, region,
                policyState, DynamicCallTable.JUMP_TABLE_ENTRY_BYTES * dynamicObjects, dynRegion);
    }

    private CodeCache requireCache(CodeImage code) {
        if (cache == null) {
            throw new IllegalStateException("'" + code.name() + "' is CACHED but this core has no code cache");
        }
        return cache;
    }

    private DynamicCallTable requireDynamic(CodeImage code) {
        if (dynamic == null) {
            throw new IllegalStateException("'" + code.name() + "' is DYNAMIC but this core has no dynamic-call table");
        }
        return dynamic;
    }

    private void push(int id, Placement placement) {
        if (depth == frameIds.length) {
            frameIds = Arrays.copyOf(frameIds, depth * 2);
            framePlacements = Arrays.copyOf(framePlacements, depth * 2);
        }
        frameIds[depth] = id;
        framePlacements[depth] = placement;
        depth++;
    }

    /** Either part may be left out when no code object of that placement runs on the core. */
    public static final class Builder {
        private CodeCache cache;
        private DynamicCallTable dynamic;

        private Builder() { }

        public Builder cache(CodeCache cache) {
            if (cache == null) {
                throw new IllegalArgumentException("cache must not be null");
            }
            this.cache = cache;
            return this;
        }

        public Builder dynamicCalls(DynamicCallTable dynamic) {
            if (dynamic == null) {
                throw new IllegalArgumentException("dynamic-call table must not be null");
            }
            this.dynamic = dynamic;
            return this;
        }

        /** @throws IllegalArgumentException if the cache (table and code space) overlaps the dynamic-call region */
        public CodeResidency build() {
            if (cache != null && dynamic != null) {
                long cLo = cache.spec().tableBase();
                long cHi = cache.spec().regionEnd();
                long dLo = dynamic.regionBase();
                long dHi = dLo + dynamic.regionBytes();
                if (cLo < dHi && dLo < cHi) {
                    throw new IllegalArgumentException("code cache [" + cLo + ", " + cHi
                            + ") overlaps the dynamic-call region [" + dLo + ", " + dHi + ")");
                }
            }
            return new CodeResidency(this);
        }
    }
}
