package io.edarts.cam;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a machine description written in HOCON and binds it, in this one class, to the typed
 * records the rest of the code reads: {@link MachineDescription} (with {@link Costs}) for the
 * neutral keys and each registered {@link MachineBlock} for a target's own block.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Layers.</b> {@code --set key=value} overrides (keys relative to {@code edarts.machine}, or
 *       absolute), over the file or built-in resource ({@link MachineRegistry#builtIns()}), over the
 *       {@code edarts.machine} block of every {@code reference.conf} on the class path (cam-model's
 *       neutral keys plus each target module's block).</li>
 *   <li><b>Binding.</b> The resolved block is converted by Jackson: kebab-case keys, unknown keys
 *       refused at every depth, no float where an integer is due (HOCON reads {@code 1e1} as a
 *       double), no int overflow, no nulls. Ranges and cross-key rules live in the records' compact
 *       constructors ({@link KeyValueException}); rules that span a target block and the neutral
 *       keys in the block's check. Every failure becomes one {@link MachineConfigException} that
 *       names the file and the full key.</li>
 *   <li><b>Overrides.</b> The value of {@code --set} is parsed as one HOCON value, never as a
 *       document: {@code pool-capacity=2, edarts.machine.typo=3} is refused rather than setting two
 *       keys. The overrides that took effect (the last value of each key, as {@code key=value} relative
 *       to {@code edarts.machine}) stay on the machine ({@link Machine#overrides()}), so a report
 *       can say the machine was changed.</li>
 * </ul>
 */
public final class MachineLoader {
    private static final String ROOT = "edarts.machine";
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // a number is not a name: without this, "contention = 1" picked the enum's second constant
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    private MachineLoader() {}

    private static final class Defaults {
        // every reference.conf on the class path, merged by Typesafe Config
        static final Config CONFIG = ConfigFactory.parseResources(MachineLoader.class.getClassLoader(), "reference.conf")
                .withOnlyPath(ROOT);
    }

    /**
     * @param nameOrFile a built-in machine name ({@link MachineRegistry#builtInNames()}) or the path of a HOCON file
     * @param overrides  {@code key=value} strings applied in order
     * @throws MachineConfigException for an unknown name, an unreadable, empty or malformed file, an
     *                                override that is not {@code key=value}, an unknown key, or a bad
     *                                value; the message names the file and the full key
     */
    public static Machine load(String nameOrFile, List<String> overrides) {
        if (nameOrFile == null) {
            throw new MachineConfigException("machine must be a built-in name or a file, got null");
        }
        String source;
        Config base;
        BuiltInMachine builtIn = MachineRegistry.builtIn(nameOrFile);
        if (builtIn != null) {
            source = "built-in machine '" + nameOrFile + "'";
            try {
                base = ConfigFactory.parseResources(builtIn.owner().getClassLoader(), builtIn.resource(),
                        ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new MachineConfigException(source + ": " + e.getMessage(), e);
            }
        } else {
            Path p = Path.of(nameOrFile);
            if (Files.isDirectory(p)) {
                throw new MachineConfigException("machine '" + nameOrFile + "' is a folder, not a machine file"
                        + " (built-ins: " + String.join(", ", MachineRegistry.builtInNames()) + ")");
            }
            if (!Files.isRegularFile(p)) {
                throw new MachineConfigException("unknown machine '" + nameOrFile + "': not a built-in ("
                        + String.join(", ", MachineRegistry.builtInNames()) + ") and no such file");
            }
            source = "machine file " + p;
            try {
                base = ConfigFactory.parseFile(p.toFile(),
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
            } catch (ConfigException e) {
                // Typesafe Config's message starts with the file's path already ("p: 2: ..."): keep it once
                String why = e.getMessage().startsWith(p.toString() + ": ")
                        ? e.getMessage().substring(p.toString().length() + 2) : e.getMessage();
                throw new MachineConfigException(source + ": " + why, e);
            }
        }
        checkTopLevel(source, base);
        Config defaults = Defaults.CONFIG;
        Config merged = base;
        Map<String, String> overridden = new LinkedHashMap<>();
        Map<String, String> effective = new LinkedHashMap<>(); // key -> key=value, the last value set
        for (String o : overrides) {
            merged = applyOverride(merged, defaults.withFallback(base), o, overridden, effective);
        }
        Config block;
        try {
            block = merged.withFallback(defaults).resolve().getConfig(ROOT);
        } catch (ConfigException e) {
            throw new MachineConfigException(source + ": " + e.getMessage(), e);
        }
        try {
            return bind(block, List.copyOf(effective.values()));
        } catch (KeyValueException e) {
            throw new MachineConfigException(source + ": key '" + ROOT + "." + e.key() + "' has bad value '"
                    + e.value() + "': " + e.expected() + setBy(overridden, e.key()), e);
        } catch (KeyError e) {
            throw new MachineConfigException(source + ": " + e.getMessage() + setBy(overridden, e.key), e);
        }
    }

    /** A machine file holds one {@code edarts.machine} block and nothing else. */
    private static void checkTopLevel(String source, Config base) {
        if (base.root().isEmpty()) {
            throw new MachineConfigException(source + ": is empty; a machine description is an '" + ROOT + " { ... }' block");
        }
        for (String k : base.root().keySet()) {
            if (!k.equals("edarts")) {
                throw new MachineConfigException(source + ": unknown block '" + k + "'; a machine description holds only '"
                        + ROOT + "'");
            }
        }
        ConfigValue edarts = base.root().get("edarts");
        if (!(edarts instanceof ConfigObject eo)) {
            throw new MachineConfigException(source + ": 'edarts' must be a block holding '" + ROOT + "'");
        }
        for (String k : eo.keySet()) {
            if (!k.equals("machine")) {
                throw new MachineConfigException(source + ": unknown block 'edarts." + k + "'; a machine description holds only '"
                        + ROOT + "'");
            }
        }
        if (!(eo.get("machine") instanceof ConfigObject)) {
            throw new MachineConfigException(source + ": has no '" + ROOT + "' block");
        }
    }

    private static Config applyOverride(Config current, Config known, String override, Map<String, String> overridden,
                                        Map<String, String> effective) {
        int eq = override == null ? -1 : override.indexOf('=');
        if (eq <= 0) {
            throw new MachineConfigException("--set '" + override + "': expected key=value");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        List<String> parts;
        try {
            parts = new ArrayList<>(ConfigUtil.splitPath(key));
        } catch (ConfigException e) {
            throw new MachineConfigException("--set '" + override + "': '" + key + "' is not a key", e);
        }
        List<String> rootParts = ConfigUtil.splitPath(ROOT);
        if (!(parts.size() > rootParts.size() && parts.subList(0, rootParts.size()).equals(rootParts))) {
            parts.addAll(0, rootParts);
        }
        String path = ConfigUtil.joinPath(parts);
        if (!known.hasPathOrNull(path) && !current.hasPathOrNull(path)) {
            throw new MachineConfigException("--set '" + override + "': unknown key '" + path + "'");
        }
        // one value, not a document: "2, edarts.machine.typo=3" must not set a second key
        Config probe;
        try {
            probe = ConfigFactory.parseString("v = " + value);
        } catch (ConfigException e) {
            throw new MachineConfigException("--set '" + override + "': value '" + value + "' does not parse: "
                    + e.getMessage(), e);
        }
        if (!probe.root().keySet().equals(Set.of("v"))) {
            Set<String> extra = new TreeSet<>();
            for (var e : probe.entrySet()) {
                if (!e.getKey().equals("v") && !e.getKey().startsWith("v.")) {
                    extra.add(e.getKey());
                }
            }
            throw new MachineConfigException("--set '" + override + "': value '" + value
                    + "' is not one HOCON value (it also sets " + String.join(", ", extra) + ")");
        }
        String relative = path.substring(ROOT.length() + 1);
        overridden.put(relative, override);
        effective.put(relative, relative + "=" + value);
        return ConfigFactory.parseString(path + " = " + value).withFallback(current);
    }

    private static Machine bind(Config block, List<String> overrides) {
        Map<String, Object> raw = unwrap(block.root());
        Map<String, MachineBlock<?>> registered = MachineRegistry.blocks();
        Map<String, Object> rawBlocks = new LinkedHashMap<>();
        for (String k : registered.keySet()) {
            if (raw.containsKey(k)) {
                rawBlocks.put(k, raw.remove(k));
            }
        }
        MachineDescription d = convert(block, "", raw, MachineDescription.class);
        if (!MachineRegistry.isTarget(d.target())) {
            throw new KeyValueException("target", d.target(),
                    "expected one of " + String.join(", ", MachineRegistry.targetNames()));
        }
        Map<String, Record> blocks = new LinkedHashMap<>();
        for (var e : rawBlocks.entrySet()) {
            blocks.put(e.getKey(), convert(block, e.getKey(), e.getValue(), registered.get(e.getKey()).type()));
        }
        Machine m = new Machine(d, blocks, overrides);
        for (var e : blocks.entrySet()) {
            MachineBlock<?> b = registered.get(e.getKey());
            try {
                b.checkValue(m, e.getValue());
            } catch (KeyValueException ex) {
                throw ex;
            } catch (IllegalArgumentException ex) {
                throw new KeyError(e.getKey(), "block '" + ROOT + "." + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return m;
    }

    /**
     * The block as plain maps, lists and scalars for Jackson. Typesafe Config turns a whole-valued
     * {@code 1e1} or {@code 4.0} into an int; its text says it was written as a fraction or exponent,
     * so it is kept a double, which an integer key then refuses.
     */
    private static Map<String, Object> unwrap(ConfigObject o) {
        Map<String, Object> out = new LinkedHashMap<>();
        Config asConfig = o.toConfig();
        for (var e : o.entrySet()) {
            ConfigValue v = e.getValue();
            switch (v.valueType()) {
                case OBJECT -> out.put(e.getKey(), unwrap((ConfigObject) v));
                case NUMBER -> {
                    Number n = (Number) v.unwrapped();
                    String text = asConfig.getString(ConfigUtil.quoteString(e.getKey()));
                    boolean fraction = !text.startsWith("0x") && (text.contains(".") || text.contains("e") || text.contains("E"));
                    out.put(e.getKey(), fraction ? (Object) n.doubleValue() : n);
                }
                default -> out.put(e.getKey(), v.unwrapped());
            }
        }
        return out;
    }

    /** Binds {@code value}, found at {@code prefix} under {@code edarts.machine}, to {@code type}. */
    private static <T> T convert(Config block, String prefix, Object value, Class<T> type) {
        JsonNode tree = MAPPER.valueToTree(value);
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw translate(block, prefix, e);
        }
    }

    /** Jackson's failure, said in the machine's keys. */
    private static RuntimeException translate(Config block, String prefix, JacksonException e) {
        List<String> parts = new ArrayList<>();
        if (!prefix.isEmpty()) {
            parts.add(prefix);
        }
        if (e instanceof JsonMappingException jm) {
            for (JsonMappingException.Reference r : jm.getPath()) {
                if (r.getFieldName() != null) {
                    parts.add(r.getFieldName());
                } else if (r.getIndex() >= 0 && !parts.isEmpty()) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + r.getIndex() + "]");
                }
            }
        }
        String key = String.join(".", parts);
        String full = key.isEmpty() ? ROOT : ROOT + "." + key;
        if (e instanceof ValueInstantiationException vi) {
            for (Throwable t = vi.getCause(); t != null; t = t.getCause()) {
                if (t instanceof KeyValueException kv) {
                    return kv.under(key);
                }
            }
            Throwable c = vi.getCause() != null ? vi.getCause() : vi;
            return new KeyError(key, "key '" + full + "': " + c.getMessage(), e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = full.substring(0, full.lastIndexOf('.'));
            Set<String> known = new TreeSet<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            return new KeyError(key, "unknown key '" + full + "'; known keys in '" + parent + "': "
                    + String.join(", ", known), e);
        }
        String shown = valueAt(block, key);
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            List<String> names = Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(c -> MAPPER.convertValue(c, String.class)).toList();
            return new KeyError(key, "key '" + full + "' has bad value '" + shown + "': expected one of "
                    + String.join(", ", names), e);
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            Class<?> t = mi.getTargetType();
            if (t.isEnum()) {
                List<String> names = Arrays.stream(t.getEnumConstants())
                        .map(c -> MAPPER.convertValue(c, String.class)).toList();
                return new KeyError(key, "key '" + full + "' has bad value '" + shown + "': expected one of "
                        + String.join(", ", names), e);
            }
            String expected;
            if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
                expected = "expected an integer";
            } else if (t == double.class || t == Double.class) {
                expected = "expected a number";
            } else if (t == String.class) {
                expected = "expected a name";
            } else if (List.class.isAssignableFrom(t)) {
                expected = "expected a list";
            } else if (t.isRecord()) {
                expected = "expected a block";
            } else {
                expected = "expected a " + t.getSimpleName();
            }
            return new KeyError(key, "key '" + full + "' has bad value '" + shown + "': " + expected, e);
        }
        Throwable coercion = e instanceof com.fasterxml.jackson.core.exc.InputCoercionException ? e : e.getCause();
        if (coercion instanceof com.fasterxml.jackson.core.exc.InputCoercionException ic && ic.getTargetType() != null) {
            return new KeyError(key, "key '" + full + "' has bad value '" + shown + "': expected an integer up to "
                    + (ic.getTargetType() == Integer.TYPE || ic.getTargetType() == Integer.class
                    ? Integer.MAX_VALUE : Long.MAX_VALUE), e);
        }
        // other stream-level failures carry no target type
        return new KeyError(key, "key '" + full + "' has bad value '" + shown + "': " + firstLine(e.getOriginalMessage()), e);
    }

    private static String valueAt(Config block, String key) {
        try {
            if (!key.isEmpty() && !key.contains("[") && block.hasPathOrNull(key)) {
                if (block.getIsNull(key)) {
                    return "null";
                }
                ConfigValue v = block.getValue(key);
                // a scalar as written (1e1 stays 1e1); a block or list as HOCON
                return v.valueType() == com.typesafe.config.ConfigValueType.OBJECT
                        || v.valueType() == com.typesafe.config.ConfigValueType.LIST
                        ? v.render(com.typesafe.config.ConfigRenderOptions.concise()) : block.getString(key);
            }
        } catch (ConfigException ignored) {
            // fall through: the value is shown as unknown
        }
        return "?";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** " (set by --set k=v)" when {@code key} is at or under a key an override set. */
    private static String setBy(Map<String, String> overridden, String key) {
        String hit = null;
        for (var e : overridden.entrySet()) {
            String k = e.getKey();
            if (key.equals(k) || key.startsWith(k + ".") || k.startsWith(key + ".")) {
                hit = e.getValue();
            }
        }
        return hit == null ? "" : " (set by --set '" + hit + "')";
    }

    /** A binding failure already said in keys; {@link #key} is relative to {@code edarts.machine}. */
    private static final class KeyError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String key;

        KeyError(String key, String message, Throwable cause) {
            super(message, cause);
            this.key = key;
        }
    }
}
