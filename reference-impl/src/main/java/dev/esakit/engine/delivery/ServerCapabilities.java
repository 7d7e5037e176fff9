package dev.esakit.engine.delivery;

import dev.esakit.engine.smtp.SmtpReply;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a destination offered in its EHLO reply: PIPELINING, SIZE (with its limit, 0 for none stated),
 * 8BITMIME, STARTTLS and the AUTH mechanisms. A HELO session offers nothing.
 */
record ServerCapabilities(boolean pipelining, long sizeLimit, boolean eightBitMime, boolean startTls,
                          Set<String> authMechanisms) {
    /** No SIZE extension. */
    static final long NO_SIZE = -1;

    static ServerCapabilities none() {
        return new ServerCapabilities(false, NO_SIZE, false, false, Set.of());
    }

    static ServerCapabilities fromEhlo(SmtpReply reply) {
        boolean pipelining = false;
        boolean eightBit = false;
        boolean tls = false;
        long size = NO_SIZE;
        Set<String> auth = new LinkedHashSet<>();
        // The first line is the server's name; each later line is one keyword with its parameters.
        for (int i = 1; i < reply.lines().size(); i++) {
            String[] words = reply.lines().get(i).trim().toUpperCase(Locale.ROOT).split("[\\s=]+");
            switch (words[0]) {
                case "PIPELINING" -> pipelining = true;
                case "8BITMIME" -> eightBit = true;
                case "STARTTLS" -> tls = true;
                case "SIZE" -> size = words.length > 1 && words[1].matches("\\d{1,18}") ? Long.parseLong(words[1]) : 0;
                case "AUTH" -> {
                    for (int w = 1; w < words.length; w++) {
                        auth.add(words[w]);
                    }
                }
                default -> {
                }
            }
        }
        return new ServerCapabilities(pipelining, size, eightBit, tls, Set.copyOf(auth));
    }
}
