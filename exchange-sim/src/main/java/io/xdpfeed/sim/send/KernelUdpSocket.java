package io.xdpfeed.sim.send;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.LangUtil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * An IPv4 UDP socket of the kernel driven through Panama downcalls, for what {@link java.nio.channels.DatagramChannel}
 * cannot do: {@code sendmmsg}/{@code recvmmsg} batches and {@code SO_RCVBUFFORCE}. Each call captures errno into this
 * object's call-state segment; one thread per socket. Batches are arrays of {@code struct mmsghdr} (LP64):
 * <pre>
 *   mmsghdr (64): msg_name* 0 | msg_namelen u32 8 | msg_iov* 16 | msg_iovlen 24 | msg_control* 32 |
 *                 msg_controllen 40 | msg_flags 48 | msg_len u32 56
 *   iovec   (16): iov_base* 0 | iov_len 8
 *   sockaddr_in (16): family u16 (host order) 0 | port u16 (network) 2 | address u32 (network) 4 | zero 8
 * </pre>
 */
final class KernelUdpSocket implements AutoCloseable
{
    static final int MMSGHDR_SIZE = 64;
    static final int MSG_LEN_OFFSET = 56;
    static final int IOVEC_SIZE = 16;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_RCVTIMEO = 20;
    static final int IPPROTO_IP = 0;
    static final int IP_RECVERR = 11;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int MSG_WAITFORONE = 0x10000;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = downcall("socket",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND = downcall("bind",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMMSG = downcall("sendmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle RECVMMSG = downcall("recvmmsg",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
        LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static final MethodHandle SENDTO = downcall("sendto",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final int MSG_DONTWAIT = 0x40;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(CALL_STATE);
    private final MemorySegment option = arena.allocate(16, 8);
    private final String what;
    private final int fd;
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
        final int result;
        try
        {
            result = (int)SOCKET.invokeExact(callState, AF_INET, SOCK_DGRAM, 0);
        }
        catch (final Throwable t)
        {
            arena.close();
            throw new ConfigurationException(what + ": socket: " + t, t);
        }
        if (result < 0)
        {
            final String error = errorText();
            arena.close();
            throw new ConfigurationException(what + ": cannot open a UDP socket: " + error);
        }
        fd = result;
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, CAPTURE_ERRNO);
    }

    /**
     * Write a {@code struct sockaddr_in}.
     *
     * @param target  16 bytes.
     * @param address IPv4 address.
     * @param port    UDP port.
     */
    static void sockaddr(final MemorySegment target, final int address, final int port)
    {
        target.fill((byte)0);
        target.set(JAVA_SHORT, 0, (short)AF_INET);
        target.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short)port);
        target.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, address);
    }

    void setInt(final int level, final int name, final int value, final String label)
    {
        option.set(JAVA_INT, 0, value);
        setsockopt(level, name, 4, label);
    }

    /**
     * {@code IP_MULTICAST_IF} by the address of the interface.
     */
    void multicastInterface(final int interfaceAddress)
    {
        option.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 0, interfaceAddress);
        setsockopt(IPPROTO_IP, IP_MULTICAST_IF, 4, "IP_MULTICAST_IF");
    }

    /**
     * {@code IP_ADD_MEMBERSHIP} with a {@code struct ip_mreq} (group, interface address).
     */
    void join(final int group, final int interfaceAddress)
    {
        option.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 0, group);
        option.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, interfaceAddress);
        setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, 8, "IP_ADD_MEMBERSHIP " + ChannelConfig.formatAddress(group));
    }

    /**
     * {@code SO_RCVTIMEO}: how long a blocking receive waits.
     */
    void receiveTimeout(final long timeoutMs)
    {
        option.set(JAVA_LONG, 0, timeoutMs / 1000);
        option.set(JAVA_LONG, 8, (timeoutMs % 1000) * 1000);
        setsockopt(SOL_SOCKET, SO_RCVTIMEO, 16, "SO_RCVTIMEO");
    }

    private void setsockopt(final int level, final int name, final int length, final String label)
    {
        final int result;
        try
        {
            result = (int)SETSOCKOPT.invokeExact(callState, fd, level, name, option, length);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return;
        }
        if (result < 0)
        {
            throw new ConfigurationException(what + ": setsockopt " + label + ": " + errorText());
        }
    }

    void bind(final int address, final int port)
    {
        final MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_SIZE, 8);
        sockaddr(sockaddr, address, port);
        final int result;
        try
        {
            result = (int)BIND.invokeExact(callState, fd, sockaddr, SOCKADDR_IN_SIZE);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return;
        }
        if (result < 0)
        {
            throw new ConfigurationException(what + ": cannot bind to " + ChannelConfig.formatAddress(address) + ":" +
                port + ": " + errorText());
        }
    }

    /**
     * {@code sendmmsg(fd, messages, count, 0)}.
     *
     * @return messages sent, or -1 with {@link #errno()}.
     */
    int sendmmsg(final MemorySegment messages, final int count)
    {
        try
        {
            return (int)SENDMMSG.invokeExact(callState, fd, messages, count, 0);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code recvmmsg(fd, messages, count, flags, NULL)}.
     *
     * @return messages received, or -1 with {@link #errno()}.
     */
    int recvmmsg(final MemorySegment messages, final int count, final int flags)
    {
        try
        {
            return (int)RECVMMSG.invokeExact(callState, fd, messages, count, flags, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)} on any socket, e.g. the kick of an AF_XDP TX ring, with errno.
     *
     * @param fd        the socket.
     * @param callState a segment of {@link #callStateLayoutSize()} bytes that receives errno.
     * @return 0 or a positive count on success, else the errno (negated).
     */
    static int kick(final int fd, final MemorySegment callState)
    {
        try
        {
            final long result = (long)SENDTO.invokeExact(callState, fd, MemorySegment.NULL, 0L, MSG_DONTWAIT,
                MemorySegment.NULL, 0);
            return result >= 0 ? 0 : -(int)ERRNO.get(callState, 0L);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * Bytes of the call-state segment {@link #kick(int, MemorySegment)} needs.
     *
     * @return the size of the captured state.
     */
    static long callStateLayoutSize()
    {
        return CALL_STATE.byteSize();
    }

    /**
     * errno of the last failed call.
     */
    int errno()
    {
        return (int)ERRNO.get(callState, 0L);
    }

    String errorText()
    {
        return strerror(errno());
    }

    static String strerror(final int errno)
    {
        try
        {
            return ((MemorySegment)STRERROR.invokeExact(errno)).reinterpret(256).getString(0) + " (errno " + errno +
                ")";
        }
        catch (final Throwable t)
        {
            return "errno " + errno;
        }
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
            final int ignore = (int)CLOSE.invokeExact(callState, fd);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
        }
        finally
        {
            arena.close();
        }
    }
}
