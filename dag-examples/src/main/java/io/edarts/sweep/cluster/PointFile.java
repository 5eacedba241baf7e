package io.edarts.sweep.cluster;

import java.util.regex.Pattern;

/**
 * One file of a point's folder as a worker ships it: its path inside the folder ({@code /} between
 * names), its size and its SHA-256, which the coordinator checks before the folder is put in place.
 *
 * @param name   relative path, e.g. {@code report.json}
 * @param size   bytes
 * @param sha256 lower-case hex digest of the bytes
 */
record PointFile(String name, long size, String sha256) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.,=+%-]*");

    /** @throws IllegalArgumentException for a name that could leave the folder, a negative size or a malformed digest */
    PointFile {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("point file name '" + name + "': expected a relative path");
        }
        for (String part : name.split("/", -1)) {
            // a message from the network names the file: no "..", no absolute path, no hidden file
            if (!PART.matcher(part).matches()) {
                throw new IllegalArgumentException("point file name '" + name + "': expected a relative path of plain names");
            }
        }
        if (size < 0) {
            throw new IllegalArgumentException("point file " + name + ": size " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("point file " + name + ": digest '" + sha256 + "' is not SHA-256 hex");
        }
    }
}
