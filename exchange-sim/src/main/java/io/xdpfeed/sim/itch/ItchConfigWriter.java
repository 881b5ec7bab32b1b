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
 * {@code exchange-sim --protocol itch --config-out FILE}: the session's line map and recovery servers as properties,
 * in the handler's properties style. The keys are the proposal of docs/itch.md ("Configuration") until the engine's
 * ITCH configuration reads them.
 */
final class ItchConfigWriter
{
    private ItchConfigWriter()
    {
    }

    /**
     * @param file       to write.
     * @param channel    lines A and B.
     * @param retransmit the re-request server, or null.
     * @param snapshot   the snapshot server, or null.
     * @throws ConfigurationException when the file cannot be written.
     */
    static void write(
        final Path file, final ChannelConfig channel, final InetSocketAddress retransmit,
        final InetSocketAddress snapshot)
    {
        final StringBuilder text = new StringBuilder();
        text.append("# exchange-sim --protocol itch: the session's lines and recovery servers (docs/itch.md)\n");
        text.append("xdpfeed.protocol=itch\n");
        text.append("xdpfeed.itch.session=").append(ItchSession.SESSION).append('\n');
        text.append("xdpfeed.itch.line.a=").append(line(channel, SimLine.INCREMENTAL_A)).append('\n');
        text.append("xdpfeed.itch.line.b=").append(line(channel, SimLine.INCREMENTAL_B)).append('\n');
        text.append("xdpfeed.itch.source=").append(ChannelConfig.formatAddress(channel.sourceAddress())).append('\n');
        if (retransmit != null)
        {
            text.append("xdpfeed.itch.retransmission.server=").append(address(retransmit)).append('\n');
        }
        if (snapshot != null)
        {
            text.append("xdpfeed.itch.snapshot.server=").append(address(snapshot)).append('\n');
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
        return ChannelConfig.formatAddress(channel.groupAddress(line)) + ":" + channel.port(line);
    }

    private static String address(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }
}
