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
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel UDP ingress, the fallback when AF_XDP cannot be used: one non-blocking {@link DatagramChannel} per
 * (group, port), bound to the group (so that on Linux it receives only that group's datagrams) and joined on the
 * configured interface, busy-polled by {@link #poll(DatagramHandler, int)}.
 * <p>
 * Datagrams are received into one direct buffer wrapped once by an {@link UnsafeBuffer}; no allocation per
 * datagram (the JDK caches the sender address while it does not change). {@code receiveTimeNs} is
 * {@link System#nanoTime()} when the datagram is taken from the socket: the kernel's queueing time is not seen.
 * <p>
 * Lines are added and dropped while running ({@link SubscriptionControl}) without the receive thread ever waiting:
 * the caller opens, binds and joins a new socket off the receive thread, then publishes a new immutable socket set
 * with a volatile write; the receive loop reads the set once per poll and acknowledges the version it saw. A dropped
 * socket leaves the set at once and is closed (IGMP leave) by {@link #reclaim()} once the receive thread has
 * acknowledged a set without it, so that a socket is never closed under a poll.
 */
public final class UdpPacketSource implements PacketSource, SubscriptionControl
{
    private static final int MAX_DATAGRAM = 65536;
    private static final VarHandle RECEIVED_PACKETS;
    private static final VarHandle OBSERVED_VERSION;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECEIVED_PACKETS = lookup.findVarHandle(UdpPacketSource.class, "receivedPackets", long.class);
            OBSERVED_VERSION = lookup.findVarHandle(UdpPacketSource.class, "observedVersion", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * The sockets the receive loop polls: immutable once published.
     */
    private static final class SocketSet
    {
        final long version;
        final Subscription[] subscriptions;
        final DatagramChannel[] channels;
        final int[] groupAddresses;
        final int[] ports;

        SocketSet(final long version, final List<Subscription> subscriptions, final List<DatagramChannel> channels)
        {
            this.version = version;
            this.subscriptions = subscriptions.toArray(new Subscription[0]);
            this.channels = channels.toArray(new DatagramChannel[0]);
            groupAddresses = new int[this.subscriptions.length];
            ports = new int[this.subscriptions.length];
            for (int i = 0; i < groupAddresses.length; i++)
            {
                groupAddresses[i] = this.subscriptions[i].groupAddress();
                ports[i] = this.subscriptions[i].port();
            }
        }

        int indexOf(final Subscription subscription)
        {
            for (int i = 0; i < subscriptions.length; i++)
            {
                if (subscriptions[i].equals(subscription))
                {
                    return i;
                }
            }
            return -1;
        }
    }

    private record Retired(DatagramChannel channel, long version)
    {
    }

    private final String interfaceName;
    private final NetworkInterface networkInterface;
    private final int receiveBufferBytes;
    private final ByteBuffer byteBuffer = BufferUtil.allocateDirectAligned(MAX_DATAGRAM, 64);
    private final UnsafeBuffer buffer = new UnsafeBuffer(byteBuffer);
    private final List<Retired> retired = new ArrayList<>();
    private volatile SocketSet sockets;
    private SocketSet seen;
    private int nextChannel;
    private long receivedPackets;
    private long observedVersion = -1;
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
        interfaceName = context.interfaceName();
        networkInterface = MulticastMembership.networkInterface(interfaceName);
        receiveBufferBytes = context.udpReceiveBufferBytes();
        final List<Subscription> subscriptions = new ArrayList<>();
        final List<DatagramChannel> channels = new ArrayList<>();
        try
        {
            for (final Subscription subscription : context.subscriptions())
            {
                if (!subscriptions.contains(subscription))
                {
                    channels.add(open(subscription));
                    subscriptions.add(subscription);
                }
            }
        }
        catch (final IngressException ex)
        {
            channels.forEach(UdpPacketSource::closeQuietly);
            throw ex;
        }
        sockets = new SocketSet(0, subscriptions, channels);
        warmUp();
    }

    /**
     * Run the paths a later subscribe, unsubscribe and reclaim take (VarHandle linkage, record class, socket close)
     * once at set-up, so that the first recovery join or leave does not pay for them on the conductor (measured
     * before: 38-141 ms for the first subscribe, 23-84 ms for the first leave on a loaded 2-core VM).
     */
    private void warmUp()
    {
        final Retired warm = new Retired(null, Long.MAX_VALUE);
        retired.add(warm);
        reclaim();
        retired.remove(warm);
        sockets.indexOf(new Subscription(0xEFFFFFFF, 65535));
        MulticastMembership.warmUpClose();
    }

    private DatagramChannel open(final Subscription subscription)
    {
        DatagramChannel channel = null;
        try
        {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            channel.bind(new InetSocketAddress(subscription.group(), subscription.port()));
            channel.join(subscription.group(), networkInterface);
            channel.configureBlocking(false);
            return channel;
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new IngressException("cannot receive " + subscription + " on " + interfaceName +
                " with a UDP socket: " + ex.getMessage() + " (is the port in use without SO_REUSEADDR, does " +
                "the interface have an IPv4 address?)", ex);
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
        final SocketSet sockets = this.sockets;
        if (sockets != seen)
        {
            seen = sockets;
            OBSERVED_VERSION.setRelease(this, sockets.version);
        }
        final DatagramChannel[] channels = sockets.channels;
        final int count = channels.length;
        if (0 == count)
        {
            return 0;
        }
        final int[] groupAddresses = sockets.groupAddresses;
        final int[] ports = sockets.ports;
        final ByteBuffer byteBuffer = this.byteBuffer;
        int delivered = 0;
        int idle = 0;
        int index = nextChannel < count ? nextChannel : 0;
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
     * <p>
     * Opens, binds and joins a socket for the line here, then publishes it to the receive loop.
     */
    @Override
    public synchronized boolean subscribe(final Subscription subscription)
    {
        ensureOpen();
        final SocketSet current = sockets;
        if (current.indexOf(subscription) >= 0)
        {
            return false;
        }
        final DatagramChannel channel = open(subscription);
        final List<Subscription> subscriptions = new ArrayList<>(List.of(current.subscriptions));
        final List<DatagramChannel> channels = new ArrayList<>(List.of(current.channels));
        subscriptions.add(subscription);
        channels.add(channel);
        sockets = new SocketSet(current.version + 1, subscriptions, channels);
        reclaim();
        return true;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The socket leaves the receive loop at once; it is closed, leaving the group, by {@link #reclaim()} once the
     * receive thread has moved past it (at once when that has already happened).
     */
    @Override
    public synchronized boolean unsubscribe(final Subscription subscription)
    {
        ensureOpen();
        final SocketSet current = sockets;
        final int index = current.indexOf(subscription);
        if (index < 0)
        {
            return false;
        }
        final List<Subscription> subscriptions = new ArrayList<>(List.of(current.subscriptions));
        final List<DatagramChannel> channels = new ArrayList<>(List.of(current.channels));
        subscriptions.remove(index);
        channels.remove(index);
        final SocketSet next = new SocketSet(current.version + 1, subscriptions, channels);
        sockets = next;
        retired.add(new Retired(current.channels[index], next.version));
        reclaim();
        return true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isSubscribed(final Subscription subscription)
    {
        return sockets.indexOf(subscription) >= 0;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Closes the dropped sockets the receive thread no longer polls.
     */
    @Override
    public synchronized int reclaim()
    {
        if (retired.isEmpty())
        {
            return 0;
        }
        final long observed = (long)OBSERVED_VERSION.getAcquire(this);
        int released = 0;
        for (int i = retired.size() - 1; i >= 0; i--)
        {
            final Retired entry = retired.get(i);
            if (observed >= entry.version())
            {
                closeQuietly(entry.channel());
                retired.remove(i);
                released++;
            }
        }
        return released;
    }

    /**
     * Sockets dropped but not yet closed (the receive thread has not polled since).
     *
     * @return sockets waiting for {@link #reclaim()}.
     */
    public synchronized int retiredSockets()
    {
        return retired.size();
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IngressException("the UDP source on " + interfaceName + " is closed");
        }
    }

    private static void closeQuietly(final DatagramChannel channel)
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
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final DatagramChannel channel : sockets.channels)
        {
            closeQuietly(channel);
        }
        for (final Retired entry : retired)
        {
            closeQuietly(entry.channel());
        }
        retired.clear();
    }
}
