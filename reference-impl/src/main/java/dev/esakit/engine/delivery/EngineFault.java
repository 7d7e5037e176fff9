package dev.esakit.engine.delivery;

/**
 * An exception out of a step of a delivery (a bug, or a resource that failed): the step's owner ends what it was
 * doing so that no message waits forever for a future no one completes, and the fault goes to stderr with its
 * stack trace, for whoever runs the engine.
 */
final class EngineFault {
    private EngineFault() {
    }

    static void report(String where, Throwable fault) {
        System.err.println("esakit: engine fault in " + where + "; its recipients are held and tried again");
        fault.printStackTrace();
    }
}
