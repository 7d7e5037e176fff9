package dev.esakit.fake.smtp;

/** Who sent a transcript line. */
public enum Direction { CLIENT, SERVER }
