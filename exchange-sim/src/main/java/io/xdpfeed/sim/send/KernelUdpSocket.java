package io.xdpfeed.sim.send;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibSocket;
import io.xdpfeed.sim.config.ChannelConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An IPv4 UDP socket of the kernel for what {@link java.nio.channels.DatagramChannel} cannot do: {@code sendmmsg}/
 * {@code recvmmsg} batches and {@code SO_RCVBUFFORCE}. The calls are the native module's one socket binding
 * ({@link LibSocket}); this object adds the simulator's error messages (naming the option that failed) and a
 * call-state segment of its own, so that a batch call allocates nothing; one thread per socket. Batches are arrays of
 * {@code struct mmsghdr}, whose layout (with {@code iovec} and {@code sockaddr_in}) {@link LibSocket} gives.
 */
final class KernelUdpSocket implements AutoCloseable
{
    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(LibSocket.callStateSize(), 8);
    private final MemorySegment option = arena.allocate(16, 8);
    private final String what;
    private final int fd;
    private int errno;
    private boolean closed;

    /**
     * Open a UDP socket.
     *
     * @param what names the user in error messages, e.g. {@code --tx mmsg}.
     * @throws ConfigurationException when the kernel refuses.
     */
    KernelUdpSocket(final String what)
    {
        this.what = what;
        final int result = LibSocket.udpSocket();
        if (result < 0)
        {
            arena.close();
            throw new ConfigurationException(what + ": cannot open a UDP socket: " + strerror(-result));
        }
        fd = result;
    }

    void setInt(final int level, final int name, final int value, final String label)
    {
        check(LibSocket.setIntOption(fd, level, name, value), "setsockopt " + label);
    }

    /**
     * {@code IP_MULTICAST_IF} by the address of the interface.
     */
    void multicastInterface(final int interfaceAddress)
    {
        option.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 0, interfaceAddress);
        setOption(LibSocket.IPPROTO_IP, LibSocket.IP_MULTICAST_IF, 4, "IP_MULTICAST_IF");
    }

    /**
     * {@code IP_ADD_MEMBERSHIP} with a {@code struct ip_mreq} (group, interface address).
     */
    void join(final int group, final int interfaceAddress)
    {
        option.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 0, group);
        option.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, interfaceAddress);
        setOption(LibSocket.IPPROTO_IP, LibSocket.IP_ADD_MEMBERSHIP, 8,
            "IP_ADD_MEMBERSHIP " + ChannelConfig.formatAddress(group));
    }

    /**
     * {@code SO_RCVTIMEO}: how long a blocking receive waits.
     */
    void receiveTimeout(final long timeoutMs)
    {
        option.set(JAVA_LONG, 0, timeoutMs / 1000);
        option.set(JAVA_LONG, 8, (timeoutMs % 1000) * 1000);
        setOption(LibSocket.SOL_SOCKET, LibSocket.SO_RCVTIMEO, 16, "SO_RCVTIMEO");
    }

    private void setOption(final int level, final int name, final int length, final String label)
    {
        check(LibSocket.setOption(fd, level, name, option.asSlice(0, length)), "setsockopt " + label);
    }

    void bind(final int address, final int port)
    {
        check(LibSocket.bindIpv4(fd, address, port),
            "cannot bind to " + ChannelConfig.formatAddress(address) + ":" + port);
    }

    private void check(final int result, final String call)
    {
        if (result < 0)
        {
            throw new ConfigurationException(what + ": " + call + ": " + strerror(-result));
        }
    }

    /**
     * {@code sendmmsg(fd, messages, count, 0)}.
     *
     * @return messages sent, or -1 with {@link #errno()}.
     */
    int sendmmsg(final MemorySegment messages, final int count)
    {
        return orErrno(LibSocket.sendmmsg(callState, fd, messages, count));
    }

    /**
     * {@code recvmmsg(fd, messages, count, flags, NULL)}.
     *
     * @return messages received, or -1 with {@link #errno()}.
     */
    int recvmmsg(final MemorySegment messages, final int count, final int flags)
    {
        return orErrno(LibSocket.recvmmsg(callState, fd, messages, count, flags));
    }

    private int orErrno(final int result)
    {
        if (result < 0)
        {
            errno = -result;
            return -1;
        }
        return result;
    }

    /**
     * errno of the last failed {@link #sendmmsg} or {@link #recvmmsg}.
     */
    int errno()
    {
        return errno;
    }

    /**
     * @return the description of an errno, with its number.
     */
    static String strerror(final int errno)
    {
        return LibC.strerror(errno) + " (errno " + errno + ")";
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
            LibC.close(fd);
        }
        finally
        {
            arena.close();
        }
    }
}
