package io.xdpfeed.ingress;

import io.xdpfeed.common.latency.EpochOffset;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibSocket;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel UDP ingress, the fallback when AF_XDP cannot be used: one kernel UDP socket per (group, port), bound to
 * the group (so that on Linux it receives only that group's datagrams) and joined on the configured interface,
 * busy-polled by {@link #poll(DatagramHandler, int)} with one non-blocking {@code recvmmsg} per socket and turn.
 * <p>
 * Datagrams are received into a {@link ReceiveBatch} allocated once; no allocation per datagram. Every socket has
 * {@code SO_TIMESTAMPNS} set, so the kernel stamps each datagram when its stack takes it (in
 * {@code __netif_receive_skb}, before the UDP lookup and the socket queue) and returns the stamp in a control
 * message of the same {@code recvmmsg}: no extra call. {@code receiveTimeNs} is that stamp, like the XDP program's
 * {@code bpf_ktime_get_ns} on AF_XDP, so the time a datagram waits in the socket queue is seen. The stamp is
 * CLOCK_REALTIME; it is put on the monotonic clock of {@link System#nanoTime()} by subtracting one offset measured
 * at construction ({@link EpochOffset}, the closest of 1,000 read pairs). A datagram without a stamp (should the
 * kernel not give one) is stamped with {@link System#nanoTime()} and counted ({@link #unstampedPackets()}).
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
    private static final int BATCH = 16;
    private static final VarHandle RECEIVED_PACKETS;
    private static final VarHandle OBSERVED_VERSION;
    private static final VarHandle UNSTAMPED_PACKETS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECEIVED_PACKETS = lookup.findVarHandle(UdpPacketSource.class, "receivedPackets", long.class);
            OBSERVED_VERSION = lookup.findVarHandle(UdpPacketSource.class, "observedVersion", long.class);
            UNSTAMPED_PACKETS = lookup.findVarHandle(UdpPacketSource.class, "unstampedPackets", long.class);
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
        final int[] sockets;
        final int[] groupAddresses;
        final int[] ports;

        SocketSet(final long version, final List<Subscription> subscriptions, final List<Integer> sockets)
        {
            this.version = version;
            this.subscriptions = subscriptions.toArray(new Subscription[0]);
            this.sockets = sockets.stream().mapToInt(Integer::intValue).toArray();
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

    private record Retired(int socket, long version)
    {
    }

    private final String interfaceName;
    private final int interfaceIndex;
    private final int receiveBufferBytes;
    private final long realtimeOffsetNs;
    private final ReceiveBatch batch;
    private final List<Retired> retired = new ArrayList<>();
    private volatile SocketSet sockets;
    private SocketSet seen;
    private int nextChannel;
    private long receivedPackets;
    private long unstampedPackets;
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
        MulticastMembership.networkInterface(interfaceName);
        interfaceIndex = LibC.ifNameToIndex(interfaceName);
        if (interfaceIndex <= 0)
        {
            throw new IngressException("no interface " + interfaceName + " in this network namespace: " +
                LibC.strerror(-interfaceIndex));
        }
        receiveBufferBytes = context.udpReceiveBufferBytes();
        realtimeOffsetNs = EpochOffset.measure(SystemEpochNanoClock.INSTANCE, SystemNanoClock.INSTANCE);
        batch = new ReceiveBatch(BATCH, MAX_DATAGRAM);
        final List<Subscription> subscriptions = new ArrayList<>();
        final List<Integer> channels = new ArrayList<>();
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
            batch.close();
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
        final Retired warm = new Retired(-1, Long.MAX_VALUE);
        retired.add(warm);
        reclaim();
        retired.remove(warm);
        sockets.indexOf(new Subscription(0xEFFFFFFF, 65535));
        closeQuietly(LibSocket.udpSocket());
    }

    private int open(final Subscription subscription)
    {
        final int fd = LibSocket.udpSocket();
        if (fd < 0)
        {
            throw failure(subscription, "socket", fd);
        }
        int result = LibSocket.setIntOption(fd, LibSocket.SOL_SOCKET, LibSocket.SO_REUSEADDR, 1);
        String step = "SO_REUSEADDR";
        if (0 == result)
        {
            step = "SO_RCVBUF";
            result = LibSocket.setIntOption(fd, LibSocket.SOL_SOCKET, LibSocket.SO_RCVBUF, receiveBufferBytes);
        }
        if (0 == result)
        {
            step = "SO_TIMESTAMPNS";
            result = LibSocket.setIntOption(fd, LibSocket.SOL_SOCKET, LibSocket.SO_TIMESTAMPNS, 1);
        }
        if (0 == result)
        {
            step = "bind";
            result = LibSocket.bindIpv4(fd, subscription.groupAddress(), subscription.port());
        }
        if (0 == result)
        {
            step = "join";
            result = LibSocket.joinGroup(fd, subscription.groupAddress(), interfaceIndex);
        }
        if (0 != result)
        {
            closeQuietly(fd);
            throw failure(subscription, step, result);
        }
        return fd;
    }

    private IngressException failure(final Subscription subscription, final String step, final int negativeErrno)
    {
        return new IngressException("cannot receive " + subscription + " on " + interfaceName +
            " with a UDP socket: " + step + ": " + LibC.strerror(-negativeErrno) + " (is the port in use without " +
            "SO_REUSEADDR, does the interface have an IPv4 address?)");
    }

    /**
     * {@inheritDoc}
     * <p>
     * Drains the sockets round-robin, one {@code recvmmsg} of up to 16 datagrams per socket per turn, until
     * {@code limit} or all are empty.
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
        final int[] fds = sockets.sockets;
        final int count = fds.length;
        if (0 == count)
        {
            return 0;
        }
        final int[] groupAddresses = sockets.groupAddresses;
        final int[] ports = sockets.ports;
        final ReceiveBatch batch = this.batch;
        final UnsafeBuffer data = batch.data();
        int delivered = 0;
        int idle = 0;
        int index = nextChannel < count ? nextChannel : 0;
        while (delivered < limit && idle < count)
        {
            final int received = LibSocket.recvmmsgDontWait(
                fds[index], batch.messages(), Math.min(batch.capacity(), limit - delivered));
            if (received > 0)
            {
                for (int i = 0; i < received; i++)
                {
                    final long stampNs = batch.stampNs(i);
                    final long receiveTimeNs;
                    if (0 != stampNs)
                    {
                        receiveTimeNs = stampNs - realtimeOffsetNs;
                    }
                    else
                    {
                        receiveTimeNs = System.nanoTime();
                        UNSTAMPED_PACKETS.setOpaque(this, unstampedPackets + 1);
                    }
                    handler.onDatagram(
                        groupAddresses[index], ports[index], data, batch.offset(i), batch.length(i), receiveTimeNs);
                }
                batch.rearm(received);
                delivered += received;
                idle = 0;
            }
            else
            {
                // empty (EAGAIN) or a receive error on one socket (e.g. ICMP-reported): no datagram, try the others
                idle++;
            }
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
        final int channel = open(subscription);
        final List<Subscription> subscriptions = new ArrayList<>(List.of(current.subscriptions));
        final List<Integer> channels = new ArrayList<>(boxed(current.sockets));
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
        final List<Integer> channels = new ArrayList<>(boxed(current.sockets));
        subscriptions.remove(index);
        channels.remove(index);
        final SocketSet next = new SocketSet(current.version + 1, subscriptions, channels);
        sockets = next;
        retired.add(new Retired(current.sockets[index], next.version));
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
                closeQuietly(entry.socket());
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

    private static List<Integer> boxed(final int[] sockets)
    {
        final List<Integer> list = new ArrayList<>(sockets.length);
        for (final int socket : sockets)
        {
            list.add(socket);
        }
        return list;
    }

    private static void closeQuietly(final int socket)
    {
        if (socket >= 0)
        {
            LibC.close(socket);
        }
    }

    /**
     * Datagrams that came without a kernel receive stamp and were stamped on first touch instead (0 when the kernel
     * stamps every one, as it does with {@code SO_TIMESTAMPNS}). Read by any thread; exact only when the receive
     * thread is still.
     *
     * @return datagrams stamped by the receive thread.
     */
    public long unstampedPackets()
    {
        return (long)UNSTAMPED_PACKETS.getOpaque(this);
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
        statistics.reset().add(IngressStatistics.Count.RECEIVED_PACKETS, (long)RECEIVED_PACKETS.getOpaque(this));
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
        for (final int socket : sockets.sockets)
        {
            closeQuietly(socket);
        }
        for (final Retired entry : retired)
        {
            closeQuietly(entry.socket());
        }
        retired.clear();
        batch.close();
    }
}
