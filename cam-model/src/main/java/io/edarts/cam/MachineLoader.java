package io.edarts.cam;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads machine descriptions written in HOCON: a built-in name ({@link #BUILT_INS}) or a file, then
 * {@code key=value} overrides (keys relative to {@code edarts.machine}, or absolute). Anything wrong
 * throws {@link MachineConfigException} naming the file, key and value.
 */
public final class MachineLoader {
    /** Machines shipped with the tool; the first is the default. */
    public static final List<String> BUILT_INS = List.of("parallella16", "e64", "e1024", "ideal");
    public static final String DEFAULT = "parallella16";
    public static final Set<String> TARGETS = Set.of("ideal", "simple-mesh", "epiphany");
    private static final String ROOT = "edarts.machine";

    private MachineLoader() {}

    /** Loads the default machine with no overrides. */
    public static Machine defaultMachine() {
        return load(DEFAULT, List.of());
    }

    /**
     * @param nameOrFile a built-in machine name or the path of a HOCON file
     * @param overrides  {@code key=value} strings applied in order
     * @throws MachineConfigException for an unknown name, an unreadable or malformed file, an
     *                                override that is not {@code key=value}, or a bad value
     */
    public static Machine load(String nameOrFile, List<String> overrides) {
        String source;
        Config base;
        if (BUILT_INS.contains(nameOrFile)) {
            source = "built-in machine '" + nameOrFile + "'";
            base = ConfigFactory.parseResources(MachineLoader.class.getClassLoader(),
                    "edarts/machines/" + nameOrFile + ".conf",
                    ConfigParseOptions.defaults().setAllowMissing(false));
        } else {
            Path p = Path.of(nameOrFile);
            if (!Files.isRegularFile(p)) {
                throw new MachineConfigException("unknown machine '" + nameOrFile
                        + "': not a built-in (" + String.join(", ", BUILT_INS) + ") and no such file");
            }
            source = "machine file " + p;
            try {
                base = ConfigFactory.parseFile(p.toFile(),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
            } catch (ConfigException e) {
                throw new MachineConfigException(source + ": " + e.getMessage(), e);
            }
        }
        Config defaults = ConfigFactory.parseResources(MachineLoader.class.getClassLoader(), "reference.conf")
                .withOnlyPath(ROOT);
        Config merged = base;
        for (String o : overrides) {
            merged = applyOverride(merged, defaults.withFallback(base), o);
        }
        try {
            Config full = merged.withFallback(defaults).resolve(ConfigResolveOptions.defaults());
            if (!full.hasPath(ROOT)) {
                throw new MachineConfigException(source + ": has no '" + ROOT + "' block");
            }
            return build(source, full.getConfig(ROOT));
        } catch (ConfigException e) {
            throw new MachineConfigException(source + ": " + e.getMessage(), e);
        }
    }

    private static Config applyOverride(Config current, Config known, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new MachineConfigException("--set '" + override + "': expected key=value");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
        if (!known.hasPathOrNull(path) && !current.hasPathOrNull(path)) {
            throw new MachineConfigException("--set '" + override + "': unknown key '" + key + "'");
        }
        try {
            Config o = ConfigFactory.parseString(path + " = " + value);
            return o.withFallback(current);
        } catch (ConfigException e) {
            throw new MachineConfigException("--set '" + override + "': value '" + value + "' does not parse: "
                    + e.getMessage(), e);
        }
    }

    private static Machine build(String source, Config c) {
        String name = c.getString("name");
        double clock = positive(source, c, "clock-mhz", c.getDouble("clock-mhz"));
        int rows = range(source, c, "mesh.rows", 1, 64);
        int cols = range(source, c, "mesh.cols", 1, 64);
        if (rows * cols < 2) {
            throw bad(source, "mesh.rows x mesh.cols", rows + "x" + cols, "a machine needs at least 2 cores (an SU and a CU)");
        }
        int originRow = range(source, c, "mesh.origin-row", 0, 63);
        int originCol = range(source, c, "mesh.origin-col", 0, 63);
        if (originRow + rows > 64 || originCol + cols > 64) {
            throw bad(source, "mesh.origin-row/origin-col", originRow + "," + originCol,
                    "the mesh does not fit the 6-bit row and column of the mesh-node ID");
        }
        int clRows = range(source, c, "clusters.rows", 1, rows);
        int clCols = range(source, c, "clusters.cols", 1, cols);
        if (rows % clRows != 0) {
            throw bad(source, "clusters.rows", String.valueOf(clRows), "must divide mesh.rows=" + rows);
        }
        if (cols % clCols != 0) {
            throw bad(source, "clusters.cols", String.valueOf(clCols), "must divide mesh.cols=" + cols);
        }
        if ((rows / clRows) * (cols / clCols) < 2) {
            throw bad(source, "clusters", clRows + "x" + clCols, "each cluster needs at least 2 cores (an SU and a CU)");
        }
        int pool = range(source, c, "pool-capacity", 1, 1 << 20);
        String target = c.getString("target");
        if (!TARGETS.contains(target)) {
            throw bad(source, "target", target, "expected one of " + TARGETS);
        }
        String copySource = c.getString("code-copy-source");
        if (!copySource.equals("home") && !copySource.equals("nearest-holder")) {
            throw bad(source, "code-copy-source", copySource, "expected home or nearest-holder");
        }
        Set<String> caps = new LinkedHashSet<>(c.getStringList("cu-capabilities"));
        Config costs = c.getConfig("costs");
        for (var e : costs.entrySet()) {
            Object v = e.getValue().unwrapped();
            if (!(v instanceof Number n) || n.doubleValue() < 0 || Double.isNaN(n.doubleValue())) {
                throw bad(source, "costs." + e.getKey(), String.valueOf(v), "expected a number >= 0");
            }
        }
        return new Machine(name, clock, rows, cols, originRow, originCol, clRows, clCols, pool, target, caps, c);
    }

    private static int range(String source, Config c, String key, int lo, int hi) {
        int v;
        try {
            v = c.getInt(key);
        } catch (ConfigException.WrongType e) {
            throw bad(source, key, String.valueOf(c.getValue(key).unwrapped()), "expected an integer");
        }
        if (v < lo || v > hi) {
            throw bad(source, key, String.valueOf(v), "expected " + lo + ".." + hi);
        }
        return v;
    }

    private static double positive(String source, Config c, String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw bad(source, key, String.valueOf(v), "expected a number > 0");
        }
        return v;
    }

    private static MachineConfigException bad(String source, String key, String value, String why) {
        return new MachineConfigException(source + ": key '" + ROOT + "." + key + "' has bad value '" + value + "': " + why);
    }
}
