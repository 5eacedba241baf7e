package io.edarts.report.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code profile.txt}, {@code profile.folded} and the {@code --diff} table, in the manner of
 * {@code perf report}, {@code stackcollapse} and {@code perf diff}. Numbers in {@link Locale#ROOT},
 * lines ended by {@code \n}, rows sorted by cycles then name: the same profile gives the same bytes.
 */
public final class ProfileText {
    /** Codelets listed in {@code profile.txt}; the folded stacks have them all. */
    public static final int TOP_CODELETS = 40;

    /** The phases in report order: key, label, what it is. */
    static final List<String[]> PHASES = List.of(
            new String[] {"dispatch", "dispatch", "popping the ready pool and calling the body"},
            new String[] {"code", "code movement", "getting the code to the core: cache, copies, execution in place"},
            new String[] {"body", "body", "the body's instructions and data accesses"},
            new String[] {"signal", "signal", "decrementing dependents and writing the completion"},
            new String[] {"contention", "contention", "what the shared mesh added beyond the charged cost"},
            new String[] {"decide", "decide (SU)", "the SUs deciding placements"},
            new String[] {"host", "host wait", "waiting for the host's answers: host calls, offloads (their driver and"
                    + " unit phases under By unit kind)"});

    private ProfileText() {}

    static long phase(ProfileData.Stats s, String key) {
        return switch (key) {
            case "dispatch" -> s.dispatch();
            case "code" -> s.code();
            case "body" -> s.body();
            case "signal" -> s.signal();
            case "contention" -> s.contention();
            case "decide" -> s.decide();
            case "host" -> s.host();
            default -> throw new IllegalArgumentException("phase " + key);
        };
    }

    /** The run in one line: program, machine, policy, seed. */
    static String title(ProfileData p) {
        return p.program() + " on " + p.machine() + " (policy " + p.policy() + ", seed " + p.seed() + ")";
    }

    /** {@code profile.txt}. */
    public static String text(ProfileData p) {
        StringBuilder b = new StringBuilder();
        long total = p.coreCycles();
        int cus = p.computeUnits();
        long sus = p.cores().stream().filter(c -> c.kind().equals("SU")).count();
        line(b, "# edarts profile of %s", title(p));
        line(b, "# target: %s", p.target());
        line(b, "# makespan %,d cycles (%,.3f us at %s MHz); %,d firings on %d CUs, decisions on %d SU%s", p.makespanCycles(),
                p.clockMhz() == 0 ? 0 : p.makespanCycles() / p.clockMhz(), number(p.clockMhz()), p.fired(), cus, sus,
                sus == 1 ? "" : "s");
        line(b, "# core cycles %,d: every core's busy cycles (firings and SU decisions); each share below is of these", total);
        b.append('\n');

        line(b, "## By code object");
        line(b, "# %8s %15s %10s %12s %12s %15s %14s  %s", "self", "cycles", "calls", "mean", "p99", "wait", "free: at most",
                "code object");
        Map<String, Amdahl.Bound> bounds = new LinkedHashMap<>();
        for (Amdahl.Bound a : Amdahl.all(p)) {
            bounds.put(a.codeObject(), a);
        }
        for (ProfileData.CodeObject c : byCycles(p.codeObjects(), x -> x.stats(), ProfileData.CodeObject::name)) {
            ProfileData.Stats s = c.stats();
            line(b, "  %8s %,15d %,10d %,12.1f %,12d %,15d %14s  %s", share(s.cycles(), total), s.cycles(), s.calls(), s.mean(),
                    s.p99(), s.waitCycles(), speedup(bounds.get(c.name()).speedupAtMost()), c.name());
        }
        long decide = p.cores().stream().mapToLong(c -> c.stats().decide()).sum();
        long decisions = p.cores().stream().filter(c -> c.stats().decide() > 0).mapToLong(c -> c.stats().calls()).sum();
        if (decide > 0) {
            line(b, "  %8s %,15d %,10d %,12.1f %12s %15s %14s  %s", share(decide, total), decide, decisions,
                    decisions == 0 ? 0.0 : (double) decide / decisions, "", "", "", "(scheduler: SU decisions)");
        }
        b.append('\n');

        List<ProfileData.Codelet> codelets = byCycles(p.codelets(), ProfileData.Codelet::stats, ProfileText::codeletName);
        line(b, "## By codelet (%s)", codelets.size() <= TOP_CODELETS ? "all " + codelets.size()
                : "the top " + TOP_CODELETS + " of " + codelets.size() + " by cycles; profile.folded has them all");
        line(b, "# %8s %15s %10s %12s %12s %12s %15s  %s", "self", "cycles", "calls", "mean", "p99", "max", "wait",
                "procedure.codelet [code object]");
        for (ProfileData.Codelet c : codelets.subList(0, Math.min(TOP_CODELETS, codelets.size()))) {
            ProfileData.Stats s = c.stats();
            line(b, "  %8s %,15d %,10d %,12.1f %,12d %,12d %,15d  %s [%s]", share(s.cycles(), total), s.cycles(), s.calls(),
                    s.mean(), s.p99(), s.max(), s.waitCycles(), codeletName(c), c.codeObject());
        }
        b.append('\n');

        line(b, "## By phase");
        line(b, "# %8s %15s  %s", "share", "cycles", "phase");
        ProfileData.Stats all = sum(p.cores().stream().map(ProfileData.Core::stats).toList());
        for (String[] ph : PHASES) {
            long v = phase(all, ph[0]);
            line(b, "  %8s %,15d  %-14s %s", share(v, total), v, ph[1], ph[2]);
        }
        line(b, "  %8s %,15d  %-14s %s", "100.00%", total, "total", "every core's busy cycles");
        line(b, "  %8s %,15d  %-14s %s", "", all.waitCycles(), "wait", "off the core, not in the total: enabled to started, "
                + "of which");
        line(b, "  %8s %,15d  %-14s %s", "", all.slotWaitCycles(), "  pool slot", "in the SU's ready queue, for a pool "
                + "slot (a credit) or the SU");
        line(b, "  %8s %,15d  %-14s %s", "", all.waitCycles() - all.slotWaitCycles(), "  dispatch", "the SU's decision, "
                + "the dispatch message, the CU's pool");
        b.append('\n');

        line(b, "## By core");
        line(b, "# %6s %-4s %10s %15s %8s %8s %12s %12s", "core", "kind", "calls", "cycles", "share", "busy", "mean", "p99");
        for (ProfileData.Core c : p.cores()) {
            ProfileData.Stats s = c.stats();
            line(b, "  %6s %-4s %,10d %,15d %8s %8s %,12.1f %,12d", "(" + c.row() + "," + c.col() + ")", c.kind(), s.calls(),
                    s.cycles(), share(s.cycles(), total), share(s.cycles(), p.makespanCycles()), s.mean(), s.p99());
        }
        b.append('\n');

        line(b, "## By unit kind");
        line(b, "# %-6s %6s %10s %15s %8s %12s", "kind", "units", "calls", "cycles", "share", "utilisation");
        Map<String, List<ProfileData.Core>> kinds = new TreeMap<>();
        for (ProfileData.Core c : p.cores()) {
            kinds.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<ProfileData.Core>> e : kinds.entrySet()) {
            ProfileData.Stats s = sum(e.getValue().stream().map(ProfileData.Core::stats).toList());
            line(b, "  %-6s %6d %,10d %,15d %8s %12s", e.getKey(), e.getValue().size(), s.calls(), s.cycles(),
                    share(s.cycles(), total), share(s.cycles(), p.makespanCycles() * e.getValue().size()));
        }
        units(b, p);
        b.append('\n');

        line(b, "## Amdahl bound: the most the run could speed up if one code object were free");
        for (String l : Amdahl.EXPLANATION.split("\n")) {
            line(b, "# %s", l);
        }
        line(b, "# %15s %4s %15s %15s %14s  %s", "K (stays)", "P", "D (SU floor)", "makespan >=", "speedup <=",
                "code object");
        for (ProfileData.CodeObject c : byCycles(p.codeObjects(), x -> x.stats(), ProfileData.CodeObject::name)) {
            Amdahl.Bound a = bounds.get(c.name());
            line(b, "  %,15d %4d %,15d %,15d %14s  %s", a.staysCycles(), a.computeUnits(), a.decideFloor(),
                    a.makespanAtLeast(), speedup(a.speedupAtMost()), c.name());
        }
        return b.toString();
    }

    /**
     * {@code profile.folded}: one line per stack, {@code program;code object;procedure.codelet;phase count},
     * and {@code program;(scheduler);SU (r,c);decide count} for the SUs' decisions, for flamegraph.pl
     * and speedscope. Counts are cycles; lines sorted; they add up to the profile's core cycles.
     */
    public static String folded(ProfileData p) {
        TreeMap<String, Long> stacks = new TreeMap<>();
        String root = frame(p.program());
        for (ProfileData.Codelet c : p.codelets()) {
            String stack = root + ";" + frame(c.codeObject()) + ";" + frame(codeletName(c)) + ";";
            for (String[] ph : PHASES) {
                long v = phase(c.stats(), ph[0]);
                if (v > 0) {
                    stacks.merge(stack + ph[0], v, Long::sum);
                }
            }
        }
        for (ProfileData.Core c : p.cores()) {
            if (c.stats().decide() > 0) {
                stacks.merge(root + ";(scheduler);SU (" + c.row() + "," + c.col() + ");decide", c.stats().decide(), Long::sum);
            }
        }
        StringBuilder b = new StringBuilder();
        stacks.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        return b.toString();
    }

    /**
     * Two runs side by side, perf-diff style: per code object its share and cycles in each and the
     * change, then the phases, rows by the size of the change.
     */
    public static String diff(ProfileData a, ProfileData b) {
        StringBuilder s = new StringBuilder();
        line(s, "# edarts profile --diff");
        line(s, "# A: %s, makespan %,d cycles", title(a), a.makespanCycles());
        line(s, "# B: %s, makespan %,d cycles", title(b), b.makespanCycles());
        line(s, "# makespan B/A %s (%s); core cycles %,d -> %,d (%s)", ratio(b.makespanCycles(), a.makespanCycles()),
                change(a.makespanCycles(), b.makespanCycles()), a.coreCycles(), b.coreCycles(),
                change(a.coreCycles(), b.coreCycles()));
        s.append('\n');
        line(s, "## By code object (shares of each run's core cycles)");
        line(s, "# %8s %15s %8s %15s %16s %9s  %s", "A share", "A cycles", "B share", "B cycles", "delta", "change",
                "code object");
        Map<String, long[]> rows = new TreeMap<>();
        for (ProfileData.CodeObject c : a.codeObjects()) {
            rows.computeIfAbsent(c.name(), k -> new long[2])[0] = c.stats().cycles();
        }
        for (ProfileData.CodeObject c : b.codeObjects()) {
            rows.computeIfAbsent(c.name(), k -> new long[2])[1] = c.stats().cycles();
        }
        long decideA = a.cores().stream().mapToLong(c -> c.stats().decide()).sum();
        long decideB = b.cores().stream().mapToLong(c -> c.stats().decide()).sum();
        if (decideA > 0 || decideB > 0) {
            rows.put("(scheduler: SU decisions)", new long[] {decideA, decideB});
        }
        diffRows(s, rows, a.coreCycles(), b.coreCycles());
        s.append('\n');
        line(s, "## By phase");
        line(s, "# %8s %15s %8s %15s %16s %9s  %s", "A share", "A cycles", "B share", "B cycles", "delta", "change", "phase");
        ProfileData.Stats sa = sum(a.cores().stream().map(ProfileData.Core::stats).toList());
        ProfileData.Stats sb = sum(b.cores().stream().map(ProfileData.Core::stats).toList());
        for (String[] ph : PHASES) {
            long va = phase(sa, ph[0]);
            long vb = phase(sb, ph[0]);
            line(s, "  %8s %,15d %8s %,15d %+,16d %9s  %s", share(va, a.coreCycles()), va, share(vb, b.coreCycles()), vb,
                    vb - va, change(va, vb), ph[1]);
        }
        return s.toString();
    }

    private static void diffRows(StringBuilder s, Map<String, long[]> rows, long totalA, long totalB) {
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -Math.abs(e.getValue()[1] - e.getValue()[0]))
                .thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, long[]> e : sorted) {
            long va = e.getValue()[0];
            long vb = e.getValue()[1];
            line(s, "  %8s %,15d %8s %,15d %+,16d %9s  %s", share(va, totalA), va, share(vb, totalB), vb, vb - va,
                    change(va, vb), e.getKey());
        }
    }

    static String codeletName(ProfileData.Codelet c) {
        return c.procedure() + "." + c.codelet();
    }

    /**
     * The units that are not cores, after the cores' kinds: one row per kind (cycles are the unit's
     * busy cycles; not part of the core cycles the shares are of, so the share column is the unit's
     * utilisation only), then each unit's calls by phase, driver and unit, in call order: what a core
     * that offloads waited for ({@code host wait}).
     */
    private static void units(StringBuilder b, ProfileData p) {
        if (p.units().isEmpty()) {
            return;
        }
        Map<String, long[]> kinds = new TreeMap<>();
        for (ProfileData.Unit u : p.units()) {
            long[] k = kinds.computeIfAbsent(u.kind(), x -> new long[3]);
            k[0]++;
            k[1] += u.calls();
            k[2] += u.busyCycles();
        }
        kinds.forEach((k, v) -> line(b, "  %-6s %6d %,10d %,15d %8s %12s", k, v[0], v[1],
                v[2], "-", share(v[2], p.makespanCycles() * v[0])));
        for (ProfileData.Unit u : p.units()) {
            b.append('\n');
            line(b, "### %s %s (%s): %,d calls, %,d B in, %,d B out, busy %,d cycles", u.kind(), u.name(), u.attachment(),
                    u.calls(), u.inputBytes(), u.outputBytes(), u.busyCycles());
            line(b, "# %8s %15s %12s  %s", "share", "cycles", "per call", "phase (driver and unit, in call order)");
            for (ProfileData.Phase ph : u.phases()) {
                line(b, "  %8s %,15d %,12.1f  %s", share(ph.cycles(), u.cycles()), ph.cycles(),
                        u.calls() == 0 ? 0.0 : (double) ph.cycles() / u.calls(), ph.name());
            }
            line(b, "  %8s %,15d %,12.1f  %s", u.calls() == 0 ? "-" : "100.00%", u.cycles(),
                    u.calls() == 0 ? 0.0 : (double) u.cycles() / u.calls(), "total");
        }
    }

    /** A frame of a folded stack: no ';' (the separator) and no line breaks. */
    private static String frame(String name) {
        return name.replace(';', ':').replaceAll("[\\r\\n\\t]", " ");
    }

    static <T> List<T> byCycles(List<T> items, java.util.function.Function<T, ProfileData.Stats> stats,
                                java.util.function.Function<T, String> name) {
        List<T> l = new ArrayList<>(items);
        l.sort(Comparator.<T>comparingLong(x -> -stats.apply(x).cycles()).thenComparing(name));
        return l;
    }

    static ProfileData.Stats sum(List<ProfileData.Stats> list) {
        long[] v = new long[10];
        for (ProfileData.Stats s : list) {
            v[0] += s.calls();
            v[1] += s.dispatch();
            v[2] += s.code();
            v[3] += s.body();
            v[4] += s.signal();
            v[5] += s.contention();
            v[6] += s.decide();
            v[7] += s.waitCycles();
            v[8] += s.slotWaitCycles();
            v[9] += s.host();
        }
        return new ProfileData.Stats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], 0, 0, 0, v[9]);
    }

    static String share(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }

    static String speedup(double x) {
        return Double.isInfinite(x) ? "unbounded" : String.format(Locale.ROOT, "%,.2fx", x);
    }

    private static String ratio(long num, long den) {
        return den == 0 ? "-" : String.format(Locale.ROOT, "%.3fx", (double) num / den);
    }

    private static String change(long from, long to) {
        if (from == 0) {
            return to == 0 ? "0.0%" : "new";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100.0 * (to - from) / from);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
