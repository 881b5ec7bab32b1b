package io.xdpfeed.handler.testing;

import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.channel.Instrument;

/**
 * A hash of an instrument's books, to compare them with a reference's cheaply after every datagram of a sweep: the
 * four sides level by level, and on a market-by-order channel its orders (in no order: the sum of a hash of each).
 */
public final class BookHash
{
    private BookHash()
    {
    }

    /**
     * @param instrument whose books.
     * @param priority   whether the orders' priority counts (not after an ITCH snapshot: GLIMPSE carries none).
     * @return the hash; an instrument with empty books and no orders has {@link #empty()}.
     */
    public static long of(final Instrument instrument, final boolean priority)
    {
        final MbpBook book = instrument.book();
        long hash = of(of(of(of(17, book.bids()), book.asks()), book.impliedBids()), book.impliedAsks());
        final OrderBook orders = instrument.orderBook();
        if (orders != null && orders.orderCount() > 0)
        {
            long sum = orders.orderCount();
            for (int i = 0; i < orders.orderCount(); i++)
            {
                long order = orders.orderIdAt(i) * 0x9E3779B97F4A7C15L + (orders.isBidAt(i) ? 1 : 0);
                order = (order ^ (order >>> 29)) * 0xBF58476D1CE4E5B9L + orders.priceAt(i);
                order = (order ^ (order >>> 32)) * 0x94D049BB133111EBL + orders.sizeAt(i);
                order = (order ^ (order >>> 29)) * 0x9E3779B97F4A7C15L + (priority ? orders.priorityAt(i) : 0);
                sum += order ^ (order >>> 31);
            }
            hash = hash * 31 + sum;
        }
        return hash;
    }

    /**
     * @return the hash of empty books without orders.
     */
    public static long empty()
    {
        return (((17L * 31) * 31) * 31) * 31;
    }

    private static long of(final long seed, final MbpSide side)
    {
        long hash = seed * 31 + side.count();
        for (int level = 1; level <= side.count(); level++)
        {
            hash = ((hash * 31 + side.price(level)) * 31 + side.size(level)) * 31 + side.orderCount(level);
        }
        return hash;
    }
}
