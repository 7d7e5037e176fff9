package dev.esakit.fake.smtp;

/** What the connection does after a rule's reply (or instead of one). */
enum Ending {
    /** Carry on with the session. */
    CONTINUE,
    /** Close the connection (FIN). */
    CLOSE,
    /** Abort the connection with a TCP RST (SO_LINGER 0). */
    RESET,
    /** Shut down the server's sending side only; keep reading what the client sends. */
    HALF_CLOSE,
    /** Never answer again; keep the connection open until the client or close() ends it. */
    HANG
}
