package io.xdpfeed.sim.itch;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code exchange-sim --protocol itch --config-out FILE}: the simulated channel's line map in the handler's
 * properties style ({@code xdpfeed.protocol=itch}, {@code xdpfeed.itch.lines.a}, {@code xdpfeed.itch.lines.b}),
 * which {@code scripts/replay --config FILE} reads (and recognizes as ITCH) and {@code scripts/feed-handler} takes as
 * (part of) its properties file.
 */
public final class ItchConfigOut
{
    private ItchConfigOut()
    {
    }

    /**
     * @param channel the session's lines.
     * @return the properties text.
     */
    public static String text(final ChannelConfig channel)
    {
        return "# exchange-sim --protocol itch: the simulated channel's lines (docs/itch.md)\n" +
            "xdpfeed.protocol=itch\n" +
            "xdpfeed.itch.lines.a=" + endpoint(channel, SimLine.INCREMENTAL_A) + "\n" +
            "xdpfeed.itch.lines.b=" + endpoint(channel, SimLine.INCREMENTAL_B) + "\n";
    }

    /**
     * @param file    to write.
     * @param channel the session's lines.
     */
    public static void write(final Path file, final ChannelConfig channel)
    {
        try
        {
            Files.writeString(file, text(channel));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("--config-out " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static String endpoint(final ChannelConfig channel, final SimLine line)
    {
        return channel.channelId() + "@" + ChannelConfig.formatAddress(channel.groupAddress(line)) + ":" +
            channel.port(line);
    }
}
