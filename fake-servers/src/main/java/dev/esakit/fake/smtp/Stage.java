package dev.esakit.fake.smtp;

/**
 * A point in an SMTP session where a rule can step in. CONNECT is the TCP accept (before any byte is
 * sent); GREETING is the banner; DATA_END is the reply to the terminating {@code <CRLF>.<CRLF>}.
 */
public enum Stage {
    CONNECT, GREETING, EHLO, HELO, STARTTLS, AUTH, MAIL, RCPT, DATA, DATA_END, RSET, NOOP, QUIT, UNKNOWN;

    /** The stage a command verb belongs to; anything not listed (VRFY, EXPN, garbage) is UNKNOWN. */
    static Stage ofVerb(String verb) {
        switch (verb) {
            case "EHLO": return EHLO;
            case "HELO": return HELO;
            case "STARTTLS": return STARTTLS;
            case "AUTH": return AUTH;
            case "MAIL": return MAIL;
            case "RCPT": return RCPT;
            case "DATA": return DATA;
            case "RSET": return RSET;
            case "NOOP": return NOOP;
            case "QUIT": return QUIT;
            default: return UNKNOWN;
        }
    }
}
