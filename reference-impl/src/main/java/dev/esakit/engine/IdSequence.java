package dev.esakit.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One of the engine's counters (ICID, MID, DCID). Each counts up and never repeats within a log (section 5),
 * also across restarts and kill -9, since a restarted engine appends to the same {@code mail.current}. A
 * durable counter reserves ids in blocks: before it hands out an id past its reservation, it has the spool
 * record a new upper bound (one synced write per {@code block} ids), and a restart starts above that bound.
 * Ids reserved but not used are skipped, never reused.
 */
public final class IdSequence {
    private final AtomicLong last;
    private final int block;
    private final LongConsumer reserve;
    private volatile long reservedUpTo;

    /** A counter that starts above {@code last} and is not kept across restarts (tests, tools). */
    public IdSequence(long last) {
        this(last, 0, null);
    }

    /** A durable counter: {@code reserve} must put its argument on stable storage before it returns. */
    public IdSequence(long last, int block, LongConsumer reserve) {
        if (reserve != null && block < 1) {
            throw new IllegalArgumentException("a durable counter needs a block of at least 1, got " + block);
        }
        this.last = new AtomicLong(last);
        this.block = block;
        this.reserve = reserve;
        this.reservedUpTo = last;
    }

    public long next() {
        long id = last.incrementAndGet();
        if (reserve != null && id > reservedUpTo) {
            reserveThrough(id);
        }
        return id;
    }

    private synchronized void reserveThrough(long id) {
        if (id > reservedUpTo) {
            long upTo = id + block - 1;
            reserve.accept(upTo);
            reservedUpTo = upTo;
        }
    }

    /** Makes sure the next id is above {@code seen}. */
    public void advancePast(long seen) {
        last.accumulateAndGet(seen, Math::max);
    }
}
