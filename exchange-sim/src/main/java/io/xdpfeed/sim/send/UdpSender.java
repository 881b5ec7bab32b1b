package io.xdpfeed.sim.send;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.Mdp3Packet;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.EnumMap;

/**
 * Sends every datagram through kernel UDP sockets, one connected socket per line, bound to the channel's source
 * address with IP_MULTICAST_IF set to the interface that holds it.
 * <p>
 * Sending is only allowed from the exchange side of the lab: the constructor refuses unless the source address
 * ({@code 10.77.0.1} by default) is an address of this network namespace, so the simulator never sends on a real
 * network. Send failures (e.g. ENOBUFS) are counted, not thrown.
 */
public final class UdpSender implements LiveSender
{
    private static final int SEND_BUFFER_BYTES = 4 << 20;

    private final EnumMap<SimLine, DatagramChannel> channels = new EnumMap<>(SimLine.class);
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD * 2);
    private long sent;
    private long errors;
    private String lastError;

    /**
     * Open one socket per line.
     *
     * @param channel addresses of the lines and the source address.
     * @param ttl     IP_MULTICAST_TTL.
     * @throws ConfigurationException when the source address is not local (run {@code scripts/lab up}) or a socket
     *                                cannot be set up.
     */
    public UdpSender(final ChannelConfig channel, final int ttl)
    {
        final String source = ChannelConfig.formatAddress(channel.sourceAddress());
        final NetworkInterface networkInterface = localInterface(source);
        final InetAddress sourceAddress = address(channel.sourceAddress());
        try
        {
            for (final SimLine line : SimLine.values())
            {
                final DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
                channels.put(line, socket);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                socket.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
                socket.bind(new InetSocketAddress(sourceAddress, 0));
                socket.connect(new InetSocketAddress(address(channel.groupAddress(line)), channel.port(line)));
            }
        }
        catch (final IOException ex)
        {
            close();
            throw new ConfigurationException("--send: cannot set up a UDP socket from " + source + ": " +
                ex.getMessage(), ex);
        }
    }

    /**
     * The interface holding an address, or a failure saying to set up the lab.
     *
     * @param source dotted IPv4 address.
     * @return the interface.
     * @throws ConfigurationException when no interface of this namespace has the address.
     */
    public static NetworkInterface localInterface(final String source)
    {
        try
        {
            final NetworkInterface networkInterface = NetworkInterface.getByInetAddress(InetAddress.getByName(source));
            if (networkInterface == null)
            {
                throw new ConfigurationException("--send refused: source address " + source +
                    " is not an address of this network namespace. Run scripts/lab up, then scripts/exchange-sim " +
                    "--send (it runs the simulator inside the lab's exchange namespace, xdpfeed-ex by default)");
            }
            return networkInterface;
        }
        catch (final SocketException | UnknownHostException ex)
        {
            throw new ConfigurationException("--send refused: cannot look up " + source + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        scratch.clear();
        buffer.getBytes(offset, scratch, length);
        scratch.flip();
        try
        {
            if (channels.get(line).write(scratch) == length)
            {
                sent++;
            }
            else
            {
                errors++;
            }
        }
        catch (final IOException ex)
        {
            errors++;
            lastError = ex.getMessage();
        }
    }

    /**
     * Datagrams the kernel accepted.
     *
     * @return the count.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Datagrams the kernel refused.
     *
     * @return the count.
     */
    public long errors()
    {
        return errors;
    }

    @Override
    public long sendErrors()
    {
        return errors;
    }

    @Override
    public String describe()
    {
        return "udp (kernel UDP socket, one write per datagram)";
    }

    @Override
    public String statistics()
    {
        return "udp sent " + sent + ", errors " + errors + (null != lastError ? " (last: " + lastError + ")" : "");
    }

    /**
     * Message of the last send failure.
     *
     * @return the message, or null.
     */
    public String lastError()
    {
        return lastError;
    }

    @Override
    public void close()
    {
        for (final DatagramChannel socket : channels.values())
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // closing a datagram socket cannot lose data
            }
        }
        channels.clear();
    }

    private static InetAddress address(final int address)
    {
        try
        {
            return Inet4Address.getByAddress(new byte[]{
                (byte)(address >>> 24), (byte)(address >>> 16), (byte)(address >>> 8), (byte)address});
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
