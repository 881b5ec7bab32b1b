package io.xdpfeed.common.counters;

import java.util.Arrays;

/**
 * A run of counters named by the constants of an enum: one {@code long} per constant, by ordinal.
 * <p>
 * For a class that counts many things (records, gaps, requests, ...) and shows them as public API: it keeps one
 * {@code Counts} and one {@code count(E)} instead of a field and a getter per counter, and a new counter is one
 * constant (with its Javadoc saying what it counts). Nothing is allocated after construction.
 * <p>
 * Not thread-safe: written by one thread; a read from another thread may see a stale value (the counts are plain
 * {@code long}s, as the fields they replace were). Not for the per-packet hot path of the handler, whose channel
 * counters are Agrona counters.
 *
 * @param <E> the enum naming the counters.
 */
public final class Counts<E extends Enum<E>>
{
    private final long[] values;

    /**
     * @param type the enum naming the counters; each of its constants gets one counter, starting at 0.
     */
    public Counts(final Class<E> type)
    {
        values = new long[type.getEnumConstants().length];
    }

    /**
     * Adds one.
     *
     * @param counter what was counted.
     */
    public void increment(final E counter)
    {
        values[counter.ordinal()]++;
    }

    /**
     * Adds a number.
     *
     * @param counter what was counted.
     * @param amount  how many (may be negative).
     */
    public void add(final E counter, final long amount)
    {
        values[counter.ordinal()] += amount;
    }

    /**
     * @param counter what was counted.
     * @return its value.
     */
    public long get(final E counter)
    {
        return values[counter.ordinal()];
    }

    /**
     * Sets every counter back to 0.
     */
    public void clear()
    {
        Arrays.fill(values, 0);
    }
}
