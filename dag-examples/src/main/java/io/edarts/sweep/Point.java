package io.edarts.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of a matrix: a program with its parameters, a machine (a built-in name or a HOCON file)
 * with its {@code --set} overrides, a policy, a seed and code placements. It is a plain value of
 * strings (serialisable, so that an executor elsewhere could be handed the same points) and means
 * exactly the {@code edarts run} command line {@link #runArgs()} returns.
 *
 * @param program    the example's name ({@code fib})
 * @param parameters the program's own options without their dashes ({@code n=10}), kept sorted by key
 * @param machine    a built-in machine name or a machine file
 * @param sets       machine overrides {@code key=value}, in the order they are applied
 * @param policy     the placement policy
 * @param seed       the seed of the program and the run
 * @param placements {@code CODE=WHERE} overrides, in the order given
 */
public record Point(String program, Map<String, String> parameters, String machine, List<String> sets, String policy,
                    long seed, List<String> placements) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Longer ids are cut and end in a hash of the whole, so they stay one file name on every system. */
    static final int MAX_ID = 150;

    /** @throws IllegalArgumentException for a missing field or a blank name */
    public Point {
        if (program == null || program.isBlank() || machine == null || machine.isBlank() || policy == null
                || policy.isBlank() || parameters == null || sets == null || placements == null) {
            throw new IllegalArgumentException("point: program, machine and policy are required, parameters, sets and "
                    + "placements must not be null (" + program + ", " + machine + ", " + policy + ")");
        }
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        sets = List.copyOf(sets);
        placements = List.copyOf(placements);
    }

    /**
     * A stable, readable name that is one file name on every system and differs between different
     * points: {@code fib,n=10_parallella16,pool-capacity=2_round-robin_seed1}. Components are joined
     * by {@code _}, a component's items by {@code ,}; any other character outside
     * {@code [A-Za-z0-9.=+-]} is written as {@code %XX} of its UTF-8 bytes, so the name is one-to-one.
     */
    public String id() {
        StringBuilder b = new StringBuilder();
        b.append(escape(program));
        parameters.forEach((k, v) -> b.append(',').append(escape(k)).append('=').append(escape(v)));
        b.append('_').append(escape(machine));
        for (String s : sets) {
            b.append(',').append(escape(s));
        }
        b.append('_').append(escape(policy)).append("_seed").append(seed);
        if (!placements.isEmpty()) {
            b.append("_place");
            for (String p : placements) {
                b.append(',').append(escape(p));
            }
        }
        String id = b.toString();
        if (id.startsWith(".")) {
            id = "%2E" + id.substring(1); // a leading dot would hide it, and marks the sweep's own staging folders
        }
        return id.length() <= MAX_ID ? id : id.substring(0, MAX_ID - 17) + "~" + sha256(id).substring(0, 16);
    }

    /** The {@code edarts run} command line of this point, without {@code --out}. */
    public List<String> runArgs() {
        List<String> a = new ArrayList<>();
        a.add(program);
        parameters.forEach((k, v) -> {
            a.add("--" + k);
            a.add(v);
        });
        a.add("--machine");
        a.add(machine);
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        a.add("--policy");
        a.add(policy);
        a.add("--seed");
        a.add(Long.toString(seed));
        for (String p : placements) {
            a.add("--placement");
            a.add(p);
        }
        return a;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '='
                    || c == '+' || c == '-') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
