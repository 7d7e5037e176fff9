package dev.esakit.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One of the engine's counters (ICID, MID, DCID). Each counts up and never repeats within a log (section 5).
 * A restarted engine seeds the MID counter past the highest MID in its spool.
 */
public final class IdSequence {
    private final AtomicLong last;

    public IdSequence(long last) {
        this.last = new AtomicLong(last);
    }

    public long next() {
        return last.incrementAndGet();
    }

    /** Makes sure the next id is above {@code seen}. */
    public void advancePast(long seen) {
        last.accumulateAndGet(seen, Math::max);
    }
}
