package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.engine.FeedEngine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the engine's final books as JSON, the format the simulator's {@code --truth} uses:
 * <pre>
 * {
 * "157660":{"bids":[[15250000000000,5,2],[15249750000000,1,1]],"asks":[[15250250000000,3,1]]},
 * ...
 * }
 * </pre>
 * One entry per instrument keyed by SecurityID as a string, in SecurityID order; outright levels only, best first,
 * each {@code [price mantissa (exponent -9), size, order count]}; the levels the instrument's book keeps (its
 * definition's depth), empty levels left out. A tool, not the hot path: allocates.
 */
public final class BookJsonWriter
{
    private BookJsonWriter()
    {
    }

    /**
     * @param engine whose books.
     * @return the JSON text.
     */
    public static String toJson(final FeedEngine engine)
    {
        return InstrumentJson.toJson(engine, instrument -> true, BookJsonWriter::levels);
    }

    /**
     * @param engine whose books.
     * @param file   written (replaced) in UTF-8.
     */
    public static void write(final FeedEngine engine, final Path file)
    {
        InstrumentJson.write(engine, instrument -> true, BookJsonWriter::levels, file, "books");
    }

    /**
     * @param engine whose books.
     * @param out    where to append the JSON.
     * @throws IOException from the appendable.
     */
    public static void write(final FeedEngine engine, final Appendable out) throws IOException
    {
        InstrumentJson.write(engine, instrument -> true, BookJsonWriter::levels, out);
    }

    private static void levels(final Instrument instrument, final boolean bid, final Appendable out) throws IOException
    {
        final PriceLevels side = bid ? instrument.book().bids() : instrument.book().asks();
        out.append('[');
        boolean first = true;
        for (int level = 1; level <= side.count(); level++)
        {
            if (side.isPresent(level))
            {
                if (!first)
                {
                    out.append(',');
                }
                first = false;
                out.append('[').append(Long.toString(side.price(level))).append(',')
                    .append(Long.toString(side.size(level))).append(',')
                    .append(Integer.toString(side.orderCount(level))).append(']');
            }
        }
        out.append(']');
    }
}
