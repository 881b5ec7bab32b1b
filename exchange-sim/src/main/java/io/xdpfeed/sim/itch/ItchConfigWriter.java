package io.xdpfeed.sim.itch;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code exchange-sim --protocol itch --config-out FILE}: the session's line map and recovery servers in the
 * handler's properties style, with the keys of the engine's ITCH configuration (docs/configuration.md):
 * {@code xdpfeed.protocol=itch}, {@code xdpfeed.itch.lines.a} / {@code .b}, {@code xdpfeed.itch.retransmission},
 * {@code xdpfeed.itch.snapshot}, each {@code CHANNEL@ADDRESS:PORT}.
 */
final class ItchConfigWriter
{
    private ItchConfigWriter()
    {
    }

    /**
     * @param file       to write.
     * @param channel    lines A and B.
     * @param retransmit the re-request server as bound (its port, not 0), or null.
     * @param snapshot   the snapshot server as bound, or null.
     * @throws ConfigurationException when the file cannot be written.
     */
    static void write(
        final Path file, final ChannelConfig channel, final InetSocketAddress retransmit,
        final InetSocketAddress snapshot)
    {
        final StringBuilder text = new StringBuilder();
        text.append("# exchange-sim --protocol itch: the simulated channel's lines and recovery servers ")
            .append("(docs/itch.md)\n");
        text.append("xdpfeed.protocol=itch\n");
        text.append("xdpfeed.itch.lines.a=").append(line(channel, SimLine.INCREMENTAL_A)).append('\n');
        text.append("xdpfeed.itch.lines.b=").append(line(channel, SimLine.INCREMENTAL_B)).append('\n');
        if (retransmit != null)
        {
            text.append("xdpfeed.itch.retransmission=").append(server(channel, retransmit)).append('\n');
        }
        if (snapshot != null)
        {
            text.append("xdpfeed.itch.snapshot=").append(server(channel, snapshot)).append('\n');
        }
        try
        {
            Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("--config-out " + file + ": cannot write: " + ex.getMessage(), ex);
        }
    }

    private static String line(final ChannelConfig channel, final SimLine line)
    {
        return channel.channelId() + "@" + ChannelConfig.formatAddress(channel.groupAddress(line)) + ":" +
            channel.port(line);
    }

    private static String server(final ChannelConfig channel, final InetSocketAddress address)
    {
        return channel.channelId() + "@" + address.getHostString() + ":" + address.getPort();
    }
}
