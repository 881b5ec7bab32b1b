package io.xdpfeed.sim.send;

import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibSocket;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.xdpfeed.nativeio.LibSocket.IOVEC_SIZE;
import static io.xdpfeed.nativeio.LibSocket.MMSGHDR_SIZE;
import static io.xdpfeed.nativeio.LibSocket.SOCKADDR_IN_SIZE;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Sends datagrams through one kernel UDP socket in batches with {@code sendmmsg(2)}: the A and B copies of a tick, its
 * snapshot and definition packets, and consecutive ticks when sending is behind, go to the kernel in one system call.
 * The socket is unconnected, bound to the channel's source address (refused unless it is an address of this
 * namespace, as {@link UdpSender}), with {@code IP_MULTICAST_IF} on that address; each message names its line's
 * group in {@code msg_name}.
 * <p>
 * The batch lives in native memory built once: {@link #BATCH} payload slots, one {@code struct iovec} and one
 * {@code struct mmsghdr} per slot, one {@code struct sockaddr_in} per line (layouts in {@link KernelUdpSocket}).
 * Per datagram only the payload copy, {@code iov_len} and {@code msg_name} are written; nothing is allocated.
 * Blocking like {@link UdpSender}: a full socket buffer waits. A message the kernel refuses is counted and skipped.
 */
public final class MmsgSender implements LiveSender
{
    /** Datagrams per {@code sendmmsg} at most. */
    public static final int BATCH = 64;

    private static final int SLOT_SIZE = 1536;
    private static final int SEND_BUFFER_BYTES = 4 << 20;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment messages = arena.allocate((long)BATCH * MMSGHDR_SIZE, 8);
    private final MemorySegment iovecs = arena.allocate((long)BATCH * IOVEC_SIZE, 8);
    private final MemorySegment slots = arena.allocate((long)BATCH * SLOT_SIZE, 64);
    private final MemorySegment destinations;
    private final UnsafeBuffer slotBuffer = new UnsafeBuffer(slots.address(), (int)slots.byteSize());
    private final long destinationsAddress;
    private final KernelUdpSocket socket;
    private int count;
    private long sent;
    private long errors;
    private long calls;
    private int lastErrno;
    private boolean closed;

    /**
     * Open the socket and build the batch.
     *
     * @param channel addresses of the lines and the source address.
     * @param ttl     IP_MULTICAST_TTL.
     * @throws ConfigurationException when the source address is not local (run {@code scripts/lab up}) or the socket
     *                                cannot be set up.
     */
    public MmsgSender(final ChannelConfig channel, final int ttl)
    {
        this(channel.sourceAddress(), groups(channel), ports(channel), ttl);
    }

    /**
     * Open the socket and build the batch for any set of destinations, e.g. the lines of a capture played back
     * ({@link #send(int, DirectBuffer, int, int)} names one by its index).
     *
     * @param sourceAddress IPv4 address of this namespace to send from, read big-endian.
     * @param groups        destination groups, read big-endian.
     * @param ports         destination ports, one per group.
     * @param ttl           IP_MULTICAST_TTL.
     * @throws ConfigurationException when the source address is not local (run {@code scripts/lab up}) or the socket
     *                                cannot be set up.
     */
    public MmsgSender(final int sourceAddress, final int[] groups, final int[] ports, final int ttl)
    {
        UdpSender.localInterface(ChannelConfig.formatAddress(sourceAddress));
        destinations = arena.allocate((long)groups.length * SOCKADDR_IN_SIZE, 8);
        destinationsAddress = destinations.address();
        for (int i = 0; i < groups.length; i++)
        {
            LibSocket.sockaddrIn(destinations.asSlice((long)i * SOCKADDR_IN_SIZE, SOCKADDR_IN_SIZE),
                groups[i], ports[i]);
        }
        for (int i = 0; i < BATCH; i++)
        {
            final long iovec = (long)i * IOVEC_SIZE;
            iovecs.set(ADDRESS, iovec, slots.asSlice((long)i * SLOT_SIZE, SLOT_SIZE));
            iovecs.set(JAVA_LONG, iovec + 8, 0L);
            final long message = (long)i * MMSGHDR_SIZE;
            messages.set(ADDRESS, message, destinations);
            messages.set(JAVA_INT, message + 8, SOCKADDR_IN_SIZE);
            messages.set(ADDRESS, message + 16, iovecs.asSlice(iovec, IOVEC_SIZE));
            messages.set(JAVA_LONG, message + 24, 1L);
            messages.set(ADDRESS, message + 32, MemorySegment.NULL);
            messages.set(JAVA_LONG, message + 40, 0L);
            messages.set(JAVA_INT, message + 48, 0);
            messages.set(JAVA_INT, message + 56, 0);
        }

        try
        {
            socket = new KernelUdpSocket("--tx mmsg");
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
        try
        {
            socket.setInt(LibSocket.SOL_SOCKET, LibSocket.SO_SNDBUF, SEND_BUFFER_BYTES, "SO_SNDBUF");
            socket.setInt(LibSocket.IPPROTO_IP, LibSocket.IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
            socket.setInt(LibSocket.IPPROTO_IP, LibSocket.IP_MULTICAST_LOOP, 1, "IP_MULTICAST_LOOP");
            // a datagram the device drops (ENOBUFS, e.g. the veth peer's backlog is full) is then reported and
            // counted instead of being swallowed by the UDP layer
            socket.setInt(LibSocket.IPPROTO_IP, LibSocket.IP_RECVERR, 1, "IP_RECVERR");
            socket.multicastInterface(sourceAddress);
            socket.bind(sourceAddress, 0);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private static int[] groups(final ChannelConfig channel)
    {
        final int[] groups = new int[SimLine.values().length];
        for (final SimLine line : SimLine.values())
        {
            groups[line.ordinal()] = channel.groupAddress(line);
        }
        return groups;
    }

    private static int[] ports(final ChannelConfig channel)
    {
        final int[] ports = new int[SimLine.values().length];
        for (final SimLine line : SimLine.values())
        {
            ports[line.ordinal()] = channel.port(line);
        }
        return ports;
    }

    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        send(line.ordinal(), buffer, offset, length);
    }

    /**
     * Add a datagram to the batch, sending the batch first when it is full.
     *
     * @param destination index of the destination given at construction (a {@link SimLine}'s ordinal for a channel).
     * @param buffer      holding the payload.
     * @param offset      of the payload.
     * @param length      of the payload; longer than a slot (1,536 bytes) is counted as an error and skipped.
     */
    public void send(final int destination, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > SLOT_SIZE)
        {
            errors++;
            return;
        }
        if (count == BATCH)
        {
            flush();
        }
        buffer.getBytes(offset, slotBuffer, count * SLOT_SIZE, length);
        iovecs.set(JAVA_LONG, (long)count * IOVEC_SIZE + 8, length);
        messages.set(JAVA_LONG, (long)count * MMSGHDR_SIZE,
            destinationsAddress + (long)destination * SOCKADDR_IN_SIZE);
        count++;
    }

    /**
     * Send the batch: {@code sendmmsg} until the kernel has taken every message; a refused message is counted and
     * skipped.
     */
    @Override
    public void flush()
    {
        int done = 0;
        while (done < count)
        {
            final int result = socket.sendmmsg(
                0 == done ? messages : messages.asSlice((long)done * MMSGHDR_SIZE), count - done);
            calls++;
            if (result > 0)
            {
                done += result;
                sent += result;
            }
            else
            {
                final int errno = socket.errno();
                if (LibC.EINTR != errno)
                {
                    lastErrno = errno;
                    errors++;
                    done++;
                }
            }
        }
        count = 0;
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

    @Override
    public long sendErrors()
    {
        return errors;
    }

    @Override
    public String describe()
    {
        return "mmsg (kernel UDP socket, sendmmsg batches of up to " + BATCH + ")";
    }

    @Override
    public String statistics()
    {
        return "mmsg sent " + sent + ", sendmmsg calls " + calls + ", errors " + errors +
            (0 != lastErrno ? " (last: " + KernelUdpSocket.strerror(lastErrno) + ")" : "");
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (null != socket)
            {
                flush();
                socket.close();
            }
        }
        finally
        {
            arena.close();
        }
    }
}
