package io.xdpfeed.ingress;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * Kernel UDP ingress, the fallback when AF_XDP cannot be used: one non-blocking {@link DatagramChannel} per
 * (group, port), bound to the group (so that on Linux it receives only that group's datagrams) and joined on the
 * configured interface, busy-polled by {@link #poll(DatagramHandler, int)}.
 * <p>
 * Datagrams are received into one direct buffer wrapped once by an {@link UnsafeBuffer}; no allocation per
 * datagram (the JDK caches the sender address while it does not change). {@code receiveTimeNs} is
 * {@link System#nanoTime()} when the datagram is taken from the socket: the kernel's queueing time is not seen.
 */
public final class UdpPacketSource implements PacketSource
{
    private static final int MAX_DATAGRAM = 65536;
    private static final VarHandle RECEIVED_PACKETS;

    static
    {
        try
        {
            RECEIVED_PACKETS = MethodHandles.lookup()
                .findVarHandle(UdpPacketSource.class, "receivedPackets", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final DatagramChannel[] channels;
    private final int[] groupAddresses;
    private final int[] ports;
    private final ByteBuffer byteBuffer = BufferUtil.allocateDirectAligned(MAX_DATAGRAM, 64);
    private final UnsafeBuffer buffer = new UnsafeBuffer(byteBuffer);
    private int nextChannel;
    private long receivedPackets;
    private boolean closed;

    /**
     * Open, bind and join one socket per subscription.
     *
     * @param context interface, subscriptions and receive buffer size.
     * @throws IngressException when the interface is missing or a socket cannot be set up.
     */
    public UdpPacketSource(final IngressContext context)
    {
        context.conclude();
        final List<Subscription> subscriptions = context.subscriptions();
        final NetworkInterface networkInterface = MulticastMembership.networkInterface(context.interfaceName());
        channels = new DatagramChannel[subscriptions.size()];
        groupAddresses = new int[subscriptions.size()];
        ports = new int[subscriptions.size()];
        for (int i = 0; i < channels.length; i++)
        {
            final Subscription subscription = subscriptions.get(i);
            groupAddresses[i] = subscription.groupAddress();
            ports[i] = subscription.port();
            try
            {
                final DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                channels[i] = channel;
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, context.udpReceiveBufferBytes());
                channel.bind(new InetSocketAddress(subscription.group(), subscription.port()));
                channel.join(subscription.group(), networkInterface);
                channel.configureBlocking(false);
            }
            catch (final IOException ex)
            {
                close();
                throw new IngressException("cannot receive " + subscription + " on " + context.interfaceName() +
                    " with a UDP socket: " + ex.getMessage() + " (is the port in use without SO_REUSEADDR, does " +
                    "the interface have an IPv4 address?)", ex);
            }
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Drains the sockets round-robin, one datagram per socket per turn, until {@code limit} or all are empty.
     */
    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        final DatagramChannel[] channels = this.channels;
        final int count = channels.length;
        final ByteBuffer byteBuffer = this.byteBuffer;
        int delivered = 0;
        int idle = 0;
        int index = nextChannel;
        try
        {
            while (delivered < limit && idle < count)
            {
                byteBuffer.clear();
                if (null != channels[index].receive(byteBuffer))
                {
                    handler.onDatagram(
                        groupAddresses[index], ports[index], buffer, 0, byteBuffer.position(), System.nanoTime());
                    delivered++;
                    idle = 0;
                }
                else
                {
                    idle++;
                }
                index = index + 1 == count ? 0 : index + 1;
            }
        }
        catch (final IOException ex)
        {
            // a receive error on one socket (e.g. ICMP-reported) must not stop the others: it shows as no datagram
            index = index + 1 == count ? 0 : index + 1;
        }
        nextChannel = index;
        if (delivered > 0)
        {
            RECEIVED_PACKETS.setOpaque(this, receivedPackets + delivered);
        }
        return delivered;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code udp}.
     */
    @Override
    public String transport()
    {
        return "udp";
    }

    /**
     * {@inheritDoc}
     * <p>
     * Only the received count: kernel socket drops are in {@code /proc/net/snmp} (RcvbufErrors), not per socket.
     */
    @Override
    public void statistics(final IngressStatistics statistics)
    {
        statistics.reset().receivedPackets((long)RECEIVED_PACKETS.getOpaque(this));
    }

    /**
     * Close every socket, leaving the groups. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final DatagramChannel channel : channels)
        {
            if (null != channel)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignore)
                {
                    // closing cannot usefully fail
                }
            }
        }
    }
}
