package io.xdpfeed.sim.send;

import io.xdpfeed.sim.config.ChannelConfig;

import io.xdpfeed.common.config.ConfigurationException;

import java.io.PrintStream;

/**
 * How {@code --send} puts datagrams on the network ({@code --tx}):
 * <ul>
 *   <li>{@link #XDP}: whole frames into an AF_XDP TX ring ({@link XdpTxSender}), the fastest; needs root, libxdp and
 *   the lab interface;</li>
 *   <li>{@link #MMSG}: a kernel UDP socket with batched {@code sendmmsg} ({@link MmsgSender});</li>
 *   <li>{@link #UDP}: a kernel UDP socket per line, one write per datagram ({@link UdpSender});</li>
 *   <li>{@link #AUTO} (default): xdp when it can be set up, else mmsg, saying why on stderr.</li>
 * </ul>
 */
public enum TxMode
{
    /** xdp when possible, else mmsg. */
    AUTO,
    /** AF_XDP TX ring. */
    XDP,
    /** Kernel socket, sendmmsg batches. */
    MMSG,
    /** Kernel socket, one write per datagram. */
    UDP;

    /**
     * Parse an option value.
     *
     * @param value auto, xdp, mmsg or udp.
     * @return the mode.
     * @throws ConfigurationException for anything else.
     */
    public static TxMode parse(final String value)
    {
        return switch (value.trim().toLowerCase())
        {
            case "auto" -> AUTO;
            case "xdp" -> XDP;
            case "mmsg" -> MMSG;
            case "udp" -> UDP;
            default -> throw new ConfigurationException("--tx " + value + ": use auto, xdp, mmsg or udp");
        };
    }

    /**
     * Open the sender of this mode; {@link #AUTO} falls back from xdp to mmsg (and from mmsg to udp) and says why.
     *
     * @param channel addresses of the lines and the source address.
     * @param ttl     multicast TTL.
     * @param err     where fallbacks are explained.
     * @return the sender.
     * @throws ConfigurationException when the asked mode (not auto) cannot be set up.
     */
    public LiveSender open(final ChannelConfig channel, final int ttl, final PrintStream err)
    {
        return switch (this)
        {
            case XDP -> new XdpTxSender(channel, ttl);
            case MMSG -> new MmsgSender(channel, ttl);
            case UDP -> new UdpSender(channel, ttl);
            case AUTO -> openAuto(channel, ttl, err);
        };
    }

    private static LiveSender openAuto(final ChannelConfig channel, final int ttl, final PrintStream err)
    {
        // the source address check comes first: its message (run scripts/lab up) is the one to show
        UdpSender.localInterface(ChannelConfig.formatAddress(channel.sourceAddress()));
        try
        {
            return new XdpTxSender(channel, ttl);
        }
        catch (final ConfigurationException | LinkageError ex)
        {
            err.println("--tx auto: not xdp: " + ex.getMessage() + "; using mmsg");
        }
        try
        {
            return new MmsgSender(channel, ttl);
        }
        catch (final ConfigurationException | LinkageError ex)
        {
            err.println("--tx auto: not mmsg: " + ex.getMessage() + "; using udp");
        }
        return new UdpSender(channel, ttl);
    }
}
