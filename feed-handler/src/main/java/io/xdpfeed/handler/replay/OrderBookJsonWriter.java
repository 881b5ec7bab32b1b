package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.engine.FeedEngine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the engine's final market-by-order books as JSON, the format the simulator's {@code --truth-orders} uses:
 * <pre>
 * {
 * "157660":{"bids":[[8001,17,15250000000000,5],[8004,18,15250000000000,1]],"asks":[[8002,3,15250250000000,3]]},
 * ...
 * }
 * </pre>
 * One entry per instrument that keeps an order book (channels in {@code xdpfeed.mbo.channels}), keyed by SecurityID
 * as a string, in SecurityID order; each order {@code [orderId, priority, price mantissa (exponent -9), displayQty]},
 * best price first (highest bid, lowest ask), then priority ascending, then orderId ascending. A tool, not the hot
 * path: allocates.
 */
public final class OrderBookJsonWriter
{
    private static final Comparator<long[]> BY_PRIORITY_THEN_ID =
        Comparator.<long[]>comparingLong(o -> o[1]).thenComparingLong(o -> o[0]);

    private OrderBookJsonWriter()
    {
    }

    /**
     * @param engine whose order books.
     * @return the JSON text.
     */
    public static String toJson(final FeedEngine engine)
    {
        return InstrumentJson.toJson(engine, instrument -> instrument.orderBook() != null, OrderBookJsonWriter::side);
    }

    /**
     * @param engine whose order books.
     * @param file   written (replaced) in UTF-8.
     */
    public static void write(final FeedEngine engine, final Path file)
    {
        InstrumentJson.write(
            engine, instrument -> instrument.orderBook() != null, OrderBookJsonWriter::side, file, "order books");
    }

    /**
     * @param engine whose order books.
     * @param out    where to append the JSON.
     * @throws IOException from the appendable.
     */
    public static void write(final FeedEngine engine, final Appendable out) throws IOException
    {
        InstrumentJson.write(engine, instrument -> instrument.orderBook() != null, OrderBookJsonWriter::side, out);
    }

    private static void side(final Instrument instrument, final boolean bid, final Appendable out) throws IOException
    {
        final OrderBook book = instrument.orderBook();
        final List<long[]> orders = new ArrayList<>();
        for (int i = 0; i < book.orderCount(); i++)
        {
            if (book.isBidAt(i) == bid)
            {
                orders.add(new long[]{book.orderIdAt(i), book.priorityAt(i), book.priceAt(i), book.sizeAt(i)});
            }
        }
        final Comparator<long[]> byPrice = bid ?
            Comparator.<long[]>comparingLong(o -> o[2]).reversed() : Comparator.comparingLong(o -> o[2]);
        orders.sort(byPrice.thenComparing(BY_PRIORITY_THEN_ID));

        out.append('[');
        boolean first = true;
        for (final long[] order : orders)
        {
            if (!first)
            {
                out.append(',');
            }
            first = false;
            out.append('[').append(Long.toString(order[0])).append(',').append(Long.toString(order[1])).append(',')
                .append(Long.toString(order[2])).append(',').append(Long.toString(order[3])).append(']');
        }
        out.append(']');
    }
}
