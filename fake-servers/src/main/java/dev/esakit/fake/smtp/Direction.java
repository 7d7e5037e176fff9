package dev.esakit.fake.smtp;

/**
 * Who a transcript line came from. CLIENT and SERVER lines are exactly what crossed the wire; EVENT lines
 * are the server's notes on things that are not lines (a reset, a hang, TLS set up, a message kept).
 */
public enum Direction { CLIENT, SERVER, EVENT }
