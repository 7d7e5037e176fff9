package dev.esakit.engine.queue;

/** A message found in the spool at start-up (or listed by an operator): its envelope and its state. */
public record SpooledMessage(QueuedMessage message, MessageState state) {
}
