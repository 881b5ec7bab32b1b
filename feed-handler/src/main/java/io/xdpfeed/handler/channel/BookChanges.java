package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;

/**
 * The price levels one MDP book message changed for one instrument, in entry order, in primitive arrays so that a
 * publisher can size its record exactly before it claims and encodes once. Reused: valid during the listener call.
 */
public final class BookChanges
{
    /** Most entries a message can carry (numInGroup is a uint8). */
    public static final int MAX_CHANGES = 255;

    private final int[] owners;
    private final short[] sides;
    private final short[] levelTypes;
    private final short[] actions;
    private final int[] levels;
    private final long[] prices;
    private final long[] sizes;
    private final int[] orderCounts;
    private int count;
    private long rptSeq;

    /**
     * @param capacity most changes held.
     */
    public BookChanges(final int capacity)
    {
        owners = new int[capacity];
        sides = new short[capacity];
        levelTypes = new short[capacity];
        actions = new short[capacity];
        levels = new int[capacity];
        prices = new long[capacity];
        sizes = new long[capacity];
        orderCounts = new int[capacity];
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
        return sides[index];
    }

    /**
     * @param index 0..count-1.
     * @return the level type as its {@link LevelType} value (0 outright, 1 implied).
     */
    public short levelTypeValue(final int index)
    {
        return levelTypes[index];
    }

    /**
     * @param index 0..count-1.
     * @return the action as its {@link BookAction} value.
     */
    public short actionValue(final int index)
    {
        return actions[index];
    }

    /**
     * @param index 0..count-1.
     * @return the side.
     */
    public Side side(final int index)
    {
        return Side.get(sides[index]);
    }

    /**
     * @param index 0..count-1.
     * @return outright or implied.
     */
    public LevelType levelType(final int index)
    {
        return LevelType.get(levelTypes[index]);
    }

    /**
     * @param index 0..count-1.
     * @return the action applied.
     */
    public BookAction action(final int index)
    {
        return BookAction.get(actions[index]);
    }

    /**
     * @param index 0..count-1.
     * @return 1-based level (0 for CLEAR).
     */
    public int level(final int index)
    {
        return levels[index];
    }

    /**
     * @param index 0..count-1.
     * @return price mantissa, exponent -9 (null for CLEAR).
     */
    public long price(final int index)
    {
        return prices[index];
    }

    /**
     * @param index 0..count-1.
     * @return size.
     */
    public long size(final int index)
    {
        return sizes[index];
    }

    /**
     * @param index 0..count-1.
     * @return order count.
     */
    public int orderCount(final int index)
    {
        return orderCounts[index];
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
    }

    /**
     * The primitive form of {@link #add(Instrument, Side, LevelType, BookAction, int, long, long, int)} used by the
     * MBP book path: side, level type and action as their normalized schema values.
     */
    boolean add(
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
        if (index == owners.length)
        {
            return false;
        }
        count = index + 1;
        owners[index] = ownerIndex;
        sides[index] = (short)side;
        levelTypes[index] = (short)levelType;
        actions[index] = (short)action;
        levels[index] = level;
        prices[index] = price;
        sizes[index] = size;
        orderCounts[index] = orderCount;
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
        if (count == owners.length)
        {
            return false;
        }
        final int index = count++;
        owners[index] = owner.index;
        sides[index] = side.value();
        levelTypes[index] = levelType.value();
        actions[index] = action.value();
        levels[index] = level;
        prices[index] = price;
        sizes[index] = size;
        orderCounts[index] = orderCount;
        return true;
    }

    void rptSeq(final long rptSeq)
    {
        this.rptSeq = rptSeq;
    }

    void copyOwnedBy(final BookChanges from, final Instrument owner)
    {
        reset();
        final int ownerIndex = owner.index;
        for (int i = 0, n = from.count; i < n; i++)
        {
            if (from.owners[i] == ownerIndex)
            {
                final int index = count++;
                owners[index] = ownerIndex;
                sides[index] = from.sides[i];
                levelTypes[index] = from.levelTypes[i];
                actions[index] = from.actions[i];
                levels[index] = from.levels[i];
                prices[index] = from.prices[i];
                sizes[index] = from.sizes[i];
                orderCounts[index] = from.orderCounts[i];
            }
        }
        rptSeq = owner.rptSeq;
    }
}
