package dev.esakit.engine.queue;

import java.time.Duration;

/**
 * The retry rules of an AsyncOS bounce profile (section 4). Defaults: 100 retries, 259,200 s in the queue,
 * 60 s initial wait, 3,600 s maximum wait, no delay warnings.
 */
public record BounceProfile(int maxRetries, Duration maxTimeInQueue, Duration initialWait, Duration maxWait,
                            boolean delayWarnings) {

    public static BounceProfile defaults() {
        return new BounceProfile(100, Duration.ofSeconds(259_200), Duration.ofSeconds(60), Duration.ofSeconds(3_600),
                false);
    }

    /** the wait before retry k (k = 1, 2, ...) is min(max_wait, initial_wait * 2^(k-1)). */
    public Duration waitBeforeRetry(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, got " + k);
        }
        long initial = initialWait.toMillis();
        long max = maxWait.toMillis();
        long wait = k - 1 >= 62 || initial > (max >> (k - 1)) ? max : initial << (k - 1);
        return Duration.ofMillis(Math.min(max, wait));
    }
}
