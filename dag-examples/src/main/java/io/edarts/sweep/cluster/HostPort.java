package io.edarts.sweep.cluster;

/**
 * A node's address as the command line gives it: {@code HOST:PORT}, {@code [IPv6]:PORT}.
 *
 * @param host a host name or address, without brackets
 * @param port 0 (any free port: a worker's own) or 1..65535
 */
public record HostPort(String host, int port) {
    /** @throws IllegalArgumentException for a blank host or a port outside 0..65535 */
    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + ": expected 0..65535");
        }
    }

    /**
     * Parses {@code HOST:PORT} given as {@code option}.
     *
     * @param anyPort whether port 0 (any free one) is allowed
     * @throws IllegalArgumentException naming the option and the value
     */
    public static HostPort parse(String option, String text, boolean anyPort) {
        String where = option + " '" + text + "'";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(where + ": expected HOST:PORT, e.g. 127.0.0.1:25520");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(where + ": expected [IPv6]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException(where + ": expected HOST:PORT, e.g. 127.0.0.1:25520 (an IPv6 "
                        + "address in brackets)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + ": no host before the port");
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || host.contains("@") || host.contains("/")) {
            throw new IllegalArgumentException(where + ": '" + host + "' is not a host name or address");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": port '" + port + "' is not a number", e);
        }
        int min = anyPort ? 0 : 1;
        if (p < min || p > 65535) {
            throw new IllegalArgumentException(where + ": port " + p + " out of range " + min + "..65535");
        }
        return new HostPort(host, p);
    }

    /** The host as it goes into an Akka address: IPv6 in brackets. */
    String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return uriHost() + ":" + port;
    }
}
