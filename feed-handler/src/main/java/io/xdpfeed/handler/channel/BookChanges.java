package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;

/**
 * The price levels one MDP book message changed for one instrument, in entry order, so that a publisher can size
 * its record exactly before it claims and encodes once. Reused: valid during the listener call. A list is either
 * written (changes added after a {@link #reset}) or a read-only {@link #window} on a run of another's changes (one
 * instrument's part of a message's list, handed over without a copy).
 * <p>
 * Layout: one {@code long[]} of four words per change, written and read in order (one cache line holds two
 * changes, four stores per change instead of one store into each of eight arrays):
 * <pre>
 *   word 0: owner instrument index (high 32 bits) | order count (low 32 bits)
 *   word 1: level (high 32 bits) | action (bits 16-23) | level type (bits 8-15) | side (bits 0-7)
 *   word 2: price (PRICE9 mantissa, NULL_PRICE for removals)
 *   word 3: size
 * </pre>
 * Side, level type and action are the normalized schema's values (uint8).
 */
public final class BookChanges
{
    /** Most entries a message can carry (numInGroup is a uint8). */
    public static final int MAX_CHANGES = 255;

    private static final int WORDS = 4;
    private static final int SHIFT = 2;

    /** This list's own words. */
    private final long[] own;
    /** The words read: its own, or another list's while this one is a {@link #window} on it. */
    private long[] words;
    /** Where change 0 starts in {@link #words}. */
    private int origin;
    private final int capacity;
    private int count;
    private long rptSeq;

    /**
     * @param capacity most changes held.
     */
    public BookChanges(final int capacity)
    {
        this.capacity = capacity;
        own = new long[capacity * WORDS];
        words = own;
    }

    /**
     * @return number of changed levels.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param index 0..count-1.
     * @return the side as its {@link Side} value (0 bid, 1 ask), for writers that copy it as is.
     */
    public short sideValue(final int index)
    {
        return (short)(words[origin + (index << SHIFT) + 1] & 0xFF);
    }

    /**
     * @param index 0..count-1.
     * @return the level type as its {@link LevelType} value (0 outright, 1 implied).
     */
    public short levelTypeValue(final int index)
    {
        return (short)((words[origin + (index << SHIFT) + 1] >>> 8) & 0xFF);
    }

    /**
     * @param index 0..count-1.
     * @return the action as its {@link BookAction} value.
     */
    public short actionValue(final int index)
    {
        return (short)((words[origin + (index << SHIFT) + 1] >>> 16) & 0xFF);
    }

    /**
     * @param index 0..count-1.
     * @return the side.
     */
    public Side side(final int index)
    {
        return Side.get(sideValue(index));
    }

    /**
     * @param index 0..count-1.
     * @return outright or implied.
     */
    public LevelType levelType(final int index)
    {
        return LevelType.get(levelTypeValue(index));
    }

    /**
     * @param index 0..count-1.
     * @return the action applied.
     */
    public BookAction action(final int index)
    {
        return BookAction.get(actionValue(index));
    }

    /**
     * @param index 0..count-1.
     * @return 1-based level (0 for CLEAR).
     */
    public int level(final int index)
    {
        return (int)(words[origin + (index << SHIFT) + 1] >>> 32);
    }

    /**
     * @param index 0..count-1.
     * @return price mantissa, exponent -9 (null for CLEAR).
     */
    public long price(final int index)
    {
        return words[origin + (index << SHIFT) + 2];
    }

    /**
     * @param index 0..count-1.
     * @return size.
     */
    public long size(final int index)
    {
        return words[origin + (index << SHIFT) + 3];
    }

    /**
     * @param index 0..count-1.
     * @return order count.
     */
    public int orderCount(final int index)
    {
        return (int)words[origin + (index << SHIFT)];
    }

    /**
     * @return RptSeq of the last entry applied among these changes.
     */
    public long rptSeq()
    {
        return rptSeq;
    }

    void reset()
    {
        count = 0;
        words = own;
        origin = 0;
    }

    /**
     * The primitive form of {@link #add(Instrument, Side, LevelType, BookAction, int, long, long, int)} used by the
     * MBP book path, and by a publisher's {@link BookUpdateStage#spill}: side, level type and action as their
     * normalized schema values.
     *
     * @param ownerIndex the instrument's index in its channel.
     * @param side       normalized Side value.
     * @param levelType  normalized LevelType value.
     * @param action     normalized BookAction value.
     * @param level      1-based level.
     * @param price      mantissa.
     * @param size       quantity.
     * @param orderCount orders at the level.
     * @return false when full.
     */
    public boolean add(
        final int ownerIndex,
        final int side,
        final int levelType,
        final int action,
        final int level,
        final long price,
        final long size,
        final int orderCount)
    {
        final int index = count;
        if (index == capacity)
        {
            return false;
        }
        count = index + 1;
        final long[] words = this.own;
        final int w = index << SHIFT;
        words[w] = ((long)ownerIndex << 32) | (orderCount & 0xFFFF_FFFFL);
        words[w + 1] = ((long)level << 32) | ((action & 0xFF) << 16) | ((levelType & 0xFF) << 8) | (side & 0xFF);
        words[w + 2] = price;
        words[w + 3] = size;
        return true;
    }

    boolean add(
        final Instrument owner,
        final Side side,
        final LevelType levelType,
        final BookAction action,
        final int level,
        final long price,
        final long size,
        final int orderCount)
    {
        return add(owner.index, side.value(), levelType.value(), action.value(), level, price, size, orderCount);
    }

    void rptSeq(final long rptSeq)
    {
        this.rptSeq = rptSeq;
    }

    /**
     * Where each owner's changes stand in this list when every owner's changes are one run (the usual case: a
     * message's entries grouped by instrument).
     *
     * @param owners    the owners expected, in the order of their runs.
     * @param first     index of the first of them in {@code owners}.
     * @param end       one past the last.
     * @param runStarts receives each run's first change, and the list's count after the last run.
     * @return true when the list is exactly those runs, one per owner, in that order.
     */
    boolean runsOf(final Instrument[] owners, final int first, final int end, final int[] runStarts)
    {
        final long[] words = this.words;
        final int origin = this.origin;
        final int n = origin + (count << SHIFT);
        int run = first;
        int w = origin;
        while (w < n)
        {
            if (run == end || (int)(words[w] >>> 32) != owners[run].index)
            {
                return false;
            }
            runStarts[run - first] = (w - origin) >> SHIFT;
            final int owner = owners[run].index;
            w += WORDS;
            while (w < n && (int)(words[w] >>> 32) == owner)
            {
                w += WORDS;
            }
            run++;
        }
        runStarts[run - first] = count;
        return run == end;
    }

    /**
     * This list becomes a read-only view of changes {@code start..end-1} of another, valid until either is changed
     * ({@link #reset} makes it a list of its own again).
     */
    void window(final BookChanges from, final int start, final int end, final long rptSeq)
    {
        words = from.words;
        origin = from.origin + (start << SHIFT);
        count = end - start;
        this.rptSeq = rptSeq;
    }

    void copyOwnedBy(final BookChanges from, final Instrument owner)
    {
        reset();
        final int ownerIndex = owner.index;
        final long[] source = from.words;
        final long[] words = this.own;
        int w = 0;
        for (int i = from.origin, n = from.origin + (from.count << SHIFT); i < n; i += WORDS)
        {
            if ((int)(source[i] >>> 32) == ownerIndex)
            {
                words[w] = source[i];
                words[w + 1] = source[i + 1];
                words[w + 2] = source[i + 2];
                words[w + 3] = source[i + 3];
                w += WORDS;
            }
        }
        count = w >> SHIFT;
        rptSeq = owner.rptSeq;
    }
}
