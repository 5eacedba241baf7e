package io.edarts.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.edarts.cam.MachineLoader;
import io.edarts.cam.MachineRegistry;
import io.edarts.scheduler.Policies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sweep file: HOCON (Typesafe Config) naming the points to run, either as the product of lists
 *
 * <pre>
 * programs   = [fib, {name = matmul, size = 64, block = [16, 32]}]   # a list value of a parameter is swept too
 * machines   = [parallella16, ideal]           # default: [parallella16]
 * policies   = [round-robin, critical-path]    # or all; default: [round-robin]
 * seeds      = [1, 2]                          # default: [1]
 * placements = [program, "*=local"]            # optional: program = the program's own; or lists of CODE=WHERE
 * set { pool-capacity = [1, 2], "epiphany.code-fetch" = [copy, rent-or-buy] }   # optional, machine keys
 * trace      = false                           # optional: no trace.json per point (default true)
 * </pre>
 *
 * or as an explicit list, {@code points = [{program = fib, n = 10, machine = ideal, policy =
 * critical-path, seed = 2, set {pool-capacity = 2}, placements = ["*=local"]}]} (each key but
 * {@code program} optional, with the defaults above). Set keys are applied in the order of their
 * names. Every error names the file, the line and the key.
 *
 * @param points the points, in the order of the product (a table sorts them by id)
 * @param trace  whether each point writes {@code trace.json}
 */
public record SweepSpec(List<Point> points, boolean trace) {
    private static final Set<String> TOP = Set.of("programs", "machines", "policies", "seeds", "placements", "set",
            "points", "trace");
    private static final Set<String> POINT_KEYS = Set.of("program", "machine", "policy", "seed", "set", "placements");
    /** The {@code placements} alternative that keeps the program's own placements. */
    public static final String PROGRAM_PLACEMENTS = "program";
    /** The word that means every policy, or every program a catalog offers. */
    public static final String ALL = "all";

    public SweepSpec {
        points = List.copyOf(points);
    }

    /**
     * A program and its parameters (the example options without dashes).
     *
     * @param name       the program
     * @param parameters its parameters, one value each
     */
    public record ProgramChoice(String name, Map<String, String> parameters) {
        public ProgramChoice {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Reads a sweep file.
     *
     * @throws IllegalArgumentException naming the file, line and key of what is wrong
     */
    public static SweepSpec read(Path file, ProgramCatalog catalog) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("sweep spec " + file + ": no such file");
        }
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("sweep spec " + e.getMessage(), e);
        }
        try {
            return parse(c, file, catalog);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("sweep spec " + e.getMessage(), e);
        }
    }

    private static SweepSpec parse(Config c, Path file, ProgramCatalog catalog) {
        for (Map.Entry<String, ConfigValue> e : c.root().entrySet()) {
            if (!TOP.contains(e.getKey())) {
                throw bad(e.getValue(), e.getKey(), "unknown key; expected one of " + new TreeMap<>(keyMap(TOP)).keySet());
            }
        }
        boolean trace = !c.hasPath("trace") || c.getBoolean("trace");
        if (c.hasPath("points")) {
            for (String k : List.of("programs", "machines", "policies", "seeds", "placements", "set")) {
                if (c.hasPath(k)) {
                    throw bad(c.getValue(k), k, "give either points or the lists to multiply, not both");
                }
            }
            List<Point> points = new ArrayList<>();
            for (ConfigValue v : list(c, "points")) {
                points.add(point(v, catalog));
            }
            if (points.isEmpty()) {
                throw bad(c.getValue("points"), "points", "is empty");
            }
            return new SweepSpec(points, trace);
        }
        if (!c.hasPath("programs")) {
            throw new IllegalArgumentException("sweep spec " + file + ": needs programs = [...] (or an explicit points list)");
        }
        List<ProgramChoice> programs = new ArrayList<>();
        for (ConfigValue v : list(c, "programs")) {
            for (ProgramChoice p : programs(v, true)) {
                checked(v, "programs", () -> catalog.check(p.name(), p.parameters()));
                programs.add(p);
            }
        }
        if (c.hasPath("machines")) {
            for (ConfigValue v : list(c, "machines")) {
                checked(v, "machines", () -> MachineLoader.load(scalar(v, "machines"), List.of()));
            }
        }
        List<String> machines = c.hasPath("machines") ? strings(c, "machines") : List.of(MachineRegistry.defaultMachine());
        List<String> policies = c.hasPath("policies") ? policies(c) : List.of(Policies.DEFAULT);
        List<Long> seeds = new ArrayList<>();
        if (c.hasPath("seeds")) {
            for (ConfigValue v : list(c, "seeds")) {
                if (v.valueType() != ConfigValueType.NUMBER || !(v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long)) {
                    throw bad(v, "seeds", "'" + v.unwrapped() + "' is not an integer");
                }
                seeds.add(((Number) v.unwrapped()).longValue());
            }
        } else {
            seeds.add(1L);
        }
        List<List<String>> placements = new ArrayList<>();
        if (c.hasPath("placements")) {
            for (ConfigValue v : list(c, "placements")) {
                placements.add(placementChoice(v));
            }
        } else {
            placements.add(List.of());
        }
        List<List<String>> sets = List.of(List.of());
        if (c.hasPath("set")) {
            ConfigValue s = c.getValue("set");
            if (s.valueType() != ConfigValueType.OBJECT) {
                throw bad(s, "set", "expected an object of machine keys to lists of values");
            }
            Map<String, List<String>> byKey = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : ((ConfigObject) s).toConfig().entrySet()) {
                byKey.put(e.getKey(), scalars(e.getValue(), "set." + e.getKey()));
            }
            sets = setProduct(byKey);
        }
        for (String k : List.of("programs", "machines", "policies", "seeds", "placements")) {
            if (c.hasPath(k) && c.getValue(k) instanceof ConfigList l && l.isEmpty()) {
                throw bad(l, k, "is empty: the product would have no points");
            }
        }
        return new SweepSpec(product(programs, machines, sets, policies, seeds, placements), trace);
    }

    /** Every combination, in this order of nesting: program, machine, sets, policy, seed, placements. */
    public static List<Point> product(List<ProgramChoice> programs, List<String> machines, List<List<String>> sets,
                                      List<String> policies, List<Long> seeds, List<List<String>> placements) {
        List<Point> points = new ArrayList<>();
        for (ProgramChoice p : programs) {
            for (String m : machines) {
                for (List<String> s : sets) {
                    for (String policy : policies) {
                        for (long seed : seeds) {
                            for (List<String> place : placements) {
                                points.add(new Point(p.name(), p.parameters(), m, s, policy, seed, place));
                            }
                        }
                    }
                }
            }
        }
        return points;
    }

    /** Each combination of one value per key, as {@code key=value} lists in key order. */
    public static List<List<String>> setProduct(Map<String, List<String>> byKey) {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of());
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String v : e.getValue()) {
                    List<String> l = new ArrayList<>(prefix);
                    l.add(e.getKey() + "=" + v);
                    next.add(List.copyOf(l));
                }
            }
            out = next;
        }
        return out;
    }

    private static Point point(ConfigValue v, ProgramCatalog catalog) {
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw bad(v, "points", "each point is an object {program = ..., machine = ..., policy = ..., seed = ...}");
        }
        Config p = ((ConfigObject) v).toConfig();
        ConfigObject o = (ConfigObject) v;
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            if (!POINT_KEYS.contains(e.getKey())) {
                throw bad(e.getValue(), "points." + e.getKey(), "unknown key; expected one of "
                        + new TreeMap<>(keyMap(POINT_KEYS)).keySet());
            }
        }
        if (!p.hasPath("program")) {
            throw bad(v, "points", "a point needs a program");
        }
        List<ProgramChoice> program = programs(p.getValue("program"), false);
        checked(p.getValue("program"), "points.program",
                () -> catalog.check(program.get(0).name(), program.get(0).parameters()));
        for (String k : List.of("machine", "policy")) {
            if (p.hasPath(k)) {
                ConfigValue x = p.getValue(k);
                checked(x, "points." + k, () -> {
                    if (k.equals("machine")) {
                        MachineLoader.load(scalar(x, k), List.of());
                    } else {
                        Policies.byName(scalar(x, k));
                    }
                });
            }
        }
        String machine = p.hasPath("machine") ? p.getString("machine") : MachineRegistry.defaultMachine();
        String policy = p.hasPath("policy") ? p.getString("policy") : Policies.DEFAULT;
        long seed = p.hasPath("seed") ? p.getLong("seed") : 1;
        List<String> sets = new ArrayList<>();
        if (p.hasPath("set")) {
            ConfigValue s = p.getValue("set");
            if (s.valueType() != ConfigValueType.OBJECT) {
                throw bad(s, "points.set", "expected an object of machine keys to values");
            }
            for (Map.Entry<String, ConfigValue> e : new TreeMap<>(((ConfigObject) s).toConfig().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))).entrySet()) {
                sets.add(e.getKey() + "=" + scalar(e.getValue(), "points.set." + e.getKey()));
            }
        }
        List<String> placements = p.hasPath("placements") ? strings(p, "placements") : List.of();
        return new Point(program.get(0).name(), program.get(0).parameters(), machine, sets, policy, seed, placements);
    }

    /** A program entry: a name, or {name = ..., param = value | [values]} (lists only when {@code sweep}). */
    private static List<ProgramChoice> programs(ConfigValue v, boolean sweep) {
        if (v.valueType() == ConfigValueType.STRING) {
            return List.of(new ProgramChoice((String) v.unwrapped(), Map.of()));
        }
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw bad(v, "programs", "expected a program name or {name = ..., parameter = value}");
        }
        ConfigObject o = (ConfigObject) v;
        if (!o.containsKey("name") || o.get("name").valueType() != ConfigValueType.STRING) {
            throw bad(v, "programs", "a program object needs name = <program>");
        }
        String name = (String) o.get("name").unwrapped();
        Map<String, List<String>> params = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            if (e.getKey().equals("name")) {
                continue;
            }
            List<String> values = scalars(e.getValue(), name + "." + e.getKey());
            if (!sweep && values.size() != 1) {
                throw bad(e.getValue(), name + "." + e.getKey(), "a point's parameter has one value");
            }
            params.put(e.getKey(), values);
        }
        List<ProgramChoice> out = new ArrayList<>();
        for (List<String> combo : setProduct(params)) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : combo) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            out.add(new ProgramChoice(name, m));
        }
        return out;
    }

    private static List<String> placementChoice(ConfigValue v) {
        if (v.valueType() == ConfigValueType.STRING) {
            String s = (String) v.unwrapped();
            return s.equals(PROGRAM_PLACEMENTS) ? List.of() : List.of(s);
        }
        if (v.valueType() == ConfigValueType.LIST) {
            List<String> out = new ArrayList<>();
            for (ConfigValue x : (ConfigList) v) {
                out.add(scalar(x, "placements"));
            }
            return out;
        }
        throw bad(v, "placements", "expected program, CODE=WHERE or a list of CODE=WHERE");
    }

    private static List<String> policies(Config c) {
        ConfigValue v = c.getValue("policies");
        if (v.valueType() == ConfigValueType.STRING && ALL.equals(v.unwrapped())) {
            return Policies.names();
        }
        for (ConfigValue x : list(c, "policies")) {
            checked(x, "policies", () -> Policies.byName(scalar(x, "policies")));
        }
        return strings(c, "policies");
    }

    private static List<ConfigValue> list(Config c, String key) {
        ConfigValue v = c.getValue(key);
        if (v.valueType() == ConfigValueType.LIST) {
            return new ArrayList<>((ConfigList) v);
        }
        return List.of(v);
    }

    private static List<String> strings(Config c, String key) {
        List<String> out = new ArrayList<>();
        for (ConfigValue v : list(c, key)) {
            out.add(scalar(v, key));
        }
        return out;
    }

    private static List<String> scalars(ConfigValue v, String key) {
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.LIST) {
            for (ConfigValue x : (ConfigList) v) {
                out.add(scalar(x, key));
            }
            if (out.isEmpty()) {
                throw bad(v, key, "is empty");
            }
        } else {
            out.add(scalar(v, key));
        }
        return out;
    }

    private static String scalar(ConfigValue v, String key) {
        return switch (v.valueType()) {
            case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
            default -> throw bad(v, key, "expected a value, not " + v.valueType().name().toLowerCase(java.util.Locale.ROOT));
        };
    }

    private static Map<String, Boolean> keyMap(Set<String> keys) {
        Map<String, Boolean> m = new TreeMap<>();
        keys.forEach(k -> m.put(k, true));
        return m;
    }

    /** Runs a check of the value at {@code v}, its error prefixed with the file, line and key. */
    private static void checked(ConfigValue v, String key, Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep spec " + v.origin().description() + ": " + key + ": " + e.getMessage(), e);
        }
    }

    /** An error at {@code v}: the file and line Typesafe Config records, then the key. */
    static IllegalArgumentException bad(ConfigValue v, String key, String what) {
        return new IllegalArgumentException("sweep spec " + v.origin().description() + ": " + key + ": " + what);
    }
}
