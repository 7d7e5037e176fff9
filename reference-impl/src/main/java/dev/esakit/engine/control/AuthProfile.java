package dev.esakit.engine.control;

/**
 * An outgoing SMTP AUTH profile (CONN-4): the credentials a route's hosts get, with AUTH PLAIN or LOGIN,
 * and only over TLS. {@link #toString} hides the password so that it never reaches a log or a report.
 */
public record AuthProfile(String name, String user, String password) {
    @Override
    public String toString() {
        return "AuthProfile[" + name + ", user=" + user + ", password=***]";
    }
}
