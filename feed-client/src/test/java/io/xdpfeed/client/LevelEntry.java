package io.xdpfeed.client;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;

/**
 * One level of a scripted BookUpdate.
 */
record LevelEntry(Side side, LevelType type, BookAction action, int level, long price, long size, int orders)
{
    static LevelEntry bid(final BookAction action, final int level, final long price, final long size, final int orders)
    {
        return new LevelEntry(Side.BID, LevelType.OUTRIGHT, action, level, price, size, orders);
    }

    static LevelEntry ask(final BookAction action, final int level, final long price, final long size, final int orders)
    {
        return new LevelEntry(Side.ASK, LevelType.OUTRIGHT, action, level, price, size, orders);
    }

    static LevelEntry impliedBid(
        final BookAction action, final int level, final long price, final long size, final int orders)
    {
        return new LevelEntry(Side.BID, LevelType.IMPLIED, action, level, price, size, orders);
    }

    static LevelEntry impliedAsk(
        final BookAction action, final int level, final long price, final long size, final int orders)
    {
        return new LevelEntry(Side.ASK, LevelType.IMPLIED, action, level, price, size, orders);
    }

    static LevelEntry clear()
    {
        return new LevelEntry(Side.BID, LevelType.OUTRIGHT, BookAction.CLEAR, 1, Long.MAX_VALUE, 0, 0);
    }
}
