package dev.esakit.engine;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An exception out of a step of a delivery or of the queue manager (a bug, or a resource that failed). The step's
 * owner ends what it was doing, so that no message waits forever for a future no one completes or for a retry no
 * one scheduled, and the fault goes to stderr with its stack trace, for whoever runs the engine.
 */
public final class EngineFault {
    private EngineFault() {
    }

    /** {@code step}, run so that an exception out of it is reported with {@code where} and handed to {@code end}. */
    public static <T> BiConsumer<T, Throwable> guard(Supplier<String> where, BiConsumer<T, Throwable> step,
                                                     Consumer<RuntimeException> end) {
        return (value, error) -> guard(where, () -> step.accept(value, error), end);
    }

    public static void guard(Supplier<String> where, Runnable step, Consumer<RuntimeException> end) {
        try {
            step.run();
        } catch (RuntimeException fault) {
            System.err.println("esakit: engine fault in " + where.get() + "; its recipients are held and tried again");
            fault.printStackTrace();
            end.accept(fault);
        }
    }
}
