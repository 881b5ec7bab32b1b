package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.engine.FeedEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The JSON document shared by {@link BookJsonWriter} and {@link OrderBookJsonWriter}: one entry per instrument keyed
 * by SecurityID as a string, in SecurityID order, each {@code {"bids": [...], "asks": [...]}} with the sides written
 * by a {@link SideWriter}. A tool, not the hot path: allocates.
 */
final class InstrumentJson
{
    /**
     * Writes one side of an instrument as a JSON array.
     */
    @FunctionalInterface
    interface SideWriter
    {
        /**
         * @param instrument whose side.
         * @param bid        true for the bids, false for the asks.
         * @param out        where to append the array.
         * @throws IOException from the appendable.
         */
        void write(Instrument instrument, boolean bid, Appendable out) throws IOException;
    }

    private InstrumentJson()
    {
    }

    static String toJson(final FeedEngine engine, final Predicate<Instrument> included, final SideWriter sides)
    {
        final StringBuilder builder = new StringBuilder();
        try
        {
            write(engine, included, sides, builder);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return builder.toString();
    }

    static void write(
        final FeedEngine engine,
        final Predicate<Instrument> included,
        final SideWriter sides,
        final Path file,
        final String what)
    {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            write(engine, included, sides, writer);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + what + " to " + file + ": " + ex.getMessage(), ex);
        }
    }

    static void write(
        final FeedEngine engine, final Predicate<Instrument> included, final SideWriter sides, final Appendable out)
        throws IOException
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
                    if (included.test(instrument))
                    {
                        bySecurityId.put(instrument.securityId(), instrument);
                    }
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
            sides.write(instrument, true, out);
            out.append(",\"asks\":");
            sides.write(instrument, false, out);
            out.append('}');
        }
        out.append(first ? "}\n" : "\n}\n");
    }
}
