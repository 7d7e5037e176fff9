package dev.esakit.bench.probe;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs of the bench mains; a missing required option names itself. */
public final class Args {
    private Args() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "' (options are --name value)");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                out.put(args[i], "true");
            } else {
                out.put(args[i], args[++i]);
            }
        }
        return out;
    }

    public static InetSocketAddress hostPort(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name + " HOST:PORT");
        }
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(name + " " + v + ": expected HOST:PORT");
        }
        return new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
    }
}
