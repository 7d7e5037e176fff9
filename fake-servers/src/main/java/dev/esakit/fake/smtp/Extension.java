package dev.esakit.fake.smtp;

/** ESMTP extensions the EHLO reply can offer. SIZE carries the server's limit (see {@link FakeSmtpServer#sizeLimit}). */
public enum Extension {
    PIPELINING("PIPELINING"),
    SIZE("SIZE"),
    EIGHTBITMIME("8BITMIME"),
    STARTTLS("STARTTLS"),
    AUTH_PLAIN("AUTH PLAIN"),
    AUTH_LOGIN("AUTH LOGIN"),
    ENHANCEDSTATUSCODES("ENHANCEDSTATUSCODES");

    private final String keyword;

    Extension(String keyword) { this.keyword = keyword; }

    /** The EHLO keyword as it appears on the wire (AUTH mechanisms are merged into one AUTH line). */
    public String keyword() { return keyword; }

    /** Parses "8BITMIME", "eightbitmime", "AUTH PLAIN", "auth_login", ... */
    public static Extension parse(String text) {
        String norm = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Extension e : values()) {
            if (e.name().equals(norm) || e.keyword.replace(' ', '_').equals(norm)) return e;
        }
        throw new IllegalArgumentException("unknown extension '" + text + "' (known: PIPELINING, SIZE, 8BITMIME, "
                + "STARTTLS, AUTH PLAIN, AUTH LOGIN, ENHANCEDSTATUSCODES)");
    }
}
