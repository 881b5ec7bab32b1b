package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

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
        final StringBuilder builder = new StringBuilder();
        try
        {
            write(engine, builder);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return builder.toString();
    }

    /**
     * @param engine whose books.
     * @param file   written (replaced) in UTF-8.
     */
    public static void write(final FeedEngine engine, final Path file)
    {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            write(engine, writer);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write books to " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param engine whose books.
     * @param out    where to append the JSON.
     * @throws IOException from the appendable.
     */
    public static void write(final FeedEngine engine, final Appendable out) throws IOException
    {
        final Map<Integer, Instrument> bySecurityId = new TreeMap<>();
        for (int channelIndex = 0; channelIndex < engine.channelCount(); channelIndex++)
        {
            final ChannelState channel = engine.channel(channelIndex);
            if (channel != null)
            {
                for (int i = 0; i < channel.instrumentCount(); i++)
                {
                    final Instrument instrument = channel.instrument(i);
                    bySecurityId.put(instrument.securityId(), instrument);
                }
            }
        }

        out.append("{\n");
        boolean first = true;
        for (final Instrument instrument : bySecurityId.values())
        {
            if (!first)
            {
                out.append(",\n");
            }
            first = false;
            out.append('"').append(Integer.toString(instrument.securityId())).append("\":{\"bids\":");
            levels(instrument.book().bids(), out);
            out.append(",\"asks\":");
            levels(instrument.book().asks(), out);
            out.append('}');
        }
        out.append(first ? "}\n" : "\n}\n");
    }

    private static void levels(final PriceLevels side, final Appendable out) throws IOException
    {
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
