package io.xdpfeed.nativeio;

import org.agrona.LangUtil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * The libc socket calls of the project, one binding for the handler's kernel UDP receiver and the simulator's
 * sockets: what {@link java.nio.channels.DatagramChannel} cannot do, namely {@code recvmmsg} with the control
 * messages that carry the kernel's receive stamp ({@code SO_TIMESTAMPNS}), {@code sendmmsg}/{@code recvmmsg}
 * batches, {@code SO_RCVBUFFORCE}, and the kick of an AF_XDP TX ring that reports errno.
 * <p>
 * Set-up calls return a negative errno on failure, as {@link LibC} does. {@link #recvmmsgDontWait} is on the receive
 * path: a critical downcall (it never blocks) without errno capture. {@link #sendmmsg}, {@link #recvmmsg} and
 * {@link #kick} capture errno into the caller's call-state segment ({@link #callStateSize()} bytes), so that a
 * sending loop allocates nothing.
 * <pre>
 *   mmsghdr (64): msg_name* 0 | msg_namelen u32 8 | msg_iov* 16 | msg_iovlen 24 | msg_control* 32 |
 *                 msg_controllen 40 | msg_flags 48 | msg_len u32 56                              (LP64)
 *   iovec   (16): iov_base* 0 | iov_len 8
 *   sockaddr_in (16): family u16 (host order) 0 | port u16 (network) 2 | address u32 (network) 4 | zero 8
 *   ip_mreqn    (12): imr_multiaddr u32 (network) 0 | imr_address u32 4 | imr_ifindex i32 8
 * </pre>
 */
public final class LibSocket
{
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 1;
    /** {@code SO_REUSEADDR}. */
    public static final int SO_REUSEADDR = 2;
    /** {@code SO_RCVBUF}. */
    public static final int SO_RCVBUF = 8;
    /** {@code SO_TIMESTAMPNS} (the 64-bit {@code SO_TIMESTAMPNS_OLD} of x86-64): software receive stamps. */
    public static final int SO_TIMESTAMPNS = 35;
    /** {@code SCM_TIMESTAMPNS}: the control message type of {@link #SO_TIMESTAMPNS}, a {@code struct timespec}. */
    public static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    /** {@code IPPROTO_IP}. */
    public static final int IPPROTO_IP = 0;
    /** {@code IP_ADD_MEMBERSHIP}. */
    public static final int IP_ADD_MEMBERSHIP = 35;
    /** {@code SO_SNDBUF}. */
    public static final int SO_SNDBUF = 7;
    /** {@code SO_RCVTIMEO}: a {@code struct timeval}, how long a blocking receive waits. */
    public static final int SO_RCVTIMEO = 20;
    /** {@code SO_RCVBUFFORCE}: a receive buffer above {@code rmem_max} (needs CAP_NET_ADMIN). */
    public static final int SO_RCVBUFFORCE = 33;
    /** {@code IP_RECVERR}: errors of sent datagrams reported, not only queued. */
    public static final int IP_RECVERR = 11;
    /** {@code IP_MULTICAST_IF}: the interface multicast leaves by. */
    public static final int IP_MULTICAST_IF = 32;
    /** {@code IP_MULTICAST_TTL}. */
    public static final int IP_MULTICAST_TTL = 33;
    /** {@code IP_MULTICAST_LOOP}. */
    public static final int IP_MULTICAST_LOOP = 34;
    /** {@code MSG_WAITFORONE}: {@code recvmmsg} returns once one datagram has arrived. */
    public static final int MSG_WAITFORONE = 0x10000;
    /** Bytes of {@code struct sockaddr_in}. */
    public static final int SOCKADDR_IN_SIZE = 16;
    /** Bytes of {@code struct mmsghdr} (LP64). */
    public static final int MMSGHDR_SIZE = 64;
    /** Offset of {@code msg_iov} in {@code struct mmsghdr}: the message's iovec array. */
    public static final int MSG_IOV_OFFSET = 16;
    /** Offset of {@code msg_iovlen} in {@code struct mmsghdr}: iovecs in the array. */
    public static final int MSG_IOVLEN_OFFSET = 24;
    /** Offset of {@code msg_control} in {@code struct mmsghdr}: the control (ancillary data) buffer. */
    public static final int MSG_CONTROL_OFFSET = 32;
    /** Offset of {@code msg_controllen} in {@code struct mmsghdr}: its size, overwritten with the bytes written. */
    public static final int MSG_CONTROLLEN_OFFSET = 40;
    /** Offset of {@code msg_len} in {@code struct mmsghdr}: the bytes sent or received. */
    public static final int MSG_LEN_OFFSET = 56;
    /** Bytes of {@code struct iovec}. */
    public static final int IOVEC_SIZE = 16;

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int IP_MREQN_SIZE = 12;

    private static final MethodHandle SOCKET = LibC.LIBC.downcall(
        "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), LibC.CAPTURE_ERRNO);
    private static final MethodHandle SETSOCKOPT = LibC.LIBC.downcall(
        "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
        LibC.CAPTURE_ERRNO);
    private static final MethodHandle BIND = LibC.LIBC.downcall(
        "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), LibC.CAPTURE_ERRNO);
    private static final MethodHandle RECVMMSG = LibC.LIBC.downcall(
        "recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
        Linker.Option.critical(false));
    private static final MethodHandle RECVMMSG_ERRNO = LibC.LIBC.downcall(
        "recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
        LibC.CAPTURE_ERRNO);
    private static final MethodHandle SENDMMSG = LibC.LIBC.downcall(
        "sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), LibC.CAPTURE_ERRNO);
    private static final MethodHandle SENDTO = LibC.LIBC.downcall(
        "sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT),
        LibC.CAPTURE_ERRNO);

    private LibSocket()
    {
    }

    /**
     * {@code socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)}.
     *
     * @return the descriptor, or a negative errno.
     */
    public static int udpSocket()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(LibC.CALL_STATE);
            final int fd = (int)SOCKET.invokeExact(callState, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

            return fd >= 0 ? fd : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code setsockopt(2)} of an {@code int} option.
     *
     * @param fd    socket.
     * @param level e.g. {@link #SOL_SOCKET}.
     * @param name  e.g. {@link #SO_TIMESTAMPNS}.
     * @param value the option's value.
     * @return 0, or a negative errno.
     */
    public static int setIntOption(final int fd, final int level, final int name, final int value)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment option = arena.allocate(JAVA_INT);
            option.set(JAVA_INT, 0, value);
            return setOption(fd, level, name, option);
        }
    }

    /**
     * Write a {@code struct sockaddr_in}.
     *
     * @param target  {@link #SOCKADDR_IN_SIZE} bytes.
     * @param address IPv4 address as an int read big-endian (224.0.28.1 is 0xE0001C01).
     * @param port    0..65535.
     */
    public static void sockaddrIn(final MemorySegment target, final int address, final int port)
    {
        target.fill((byte)0);
        target.set(JAVA_SHORT_UNALIGNED, 0, (short)AF_INET);
        target.set(JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short)port);
        target.set(JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, address);
    }

    /**
     * {@code bind(2)} to an IPv4 address and port.
     *
     * @param fd      socket.
     * @param address IPv4 address as an int read big-endian (224.0.28.1 is 0xE0001C01).
     * @param port    0..65535.
     * @return 0, or a negative errno.
     */
    public static int bindIpv4(final int fd, final int address, final int port)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(LibC.CALL_STATE);
            final MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_SIZE, 8);
            sockaddrIn(sockaddr, address, port);
            final int result = (int)BIND.invokeExact(callState, fd, sockaddr, SOCKADDR_IN_SIZE);

            return 0 == result ? 0 : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code IP_ADD_MEMBERSHIP} with a {@code struct ip_mreqn}: join a group on one interface.
     *
     * @param fd             socket.
     * @param group          IPv4 group address read big-endian.
     * @param interfaceIndex from {@link LibC#ifNameToIndex(String)}.
     * @return 0, or a negative errno.
     */
    public static int joinGroup(final int fd, final int group, final int interfaceIndex)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment request = arena.allocate(IP_MREQN_SIZE, 4);
            request.set(JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0, group);
            request.set(JAVA_INT_UNALIGNED, 4, 0);
            request.set(JAVA_INT_UNALIGNED, 8, interfaceIndex);
            return setOption(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, request);
        }
    }

    /**
     * {@code setsockopt(2)} of an option the caller laid out (a struct, an address, a {@code timeval}).
     *
     * @param fd     socket.
     * @param level  e.g. {@link #IPPROTO_IP}.
     * @param name   e.g. {@link #IP_ADD_MEMBERSHIP}.
     * @param option the option's bytes, all of them passed.
     * @return 0, or a negative errno.
     */
    public static int setOption(final int fd, final int level, final int name, final MemorySegment option)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(LibC.CALL_STATE);
            final int result = (int)SETSOCKOPT.invokeExact(callState, fd, level, name, option, (int)option.byteSize());

            return 0 == result ? 0 : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code recvmmsg(fd, messages, count, MSG_DONTWAIT, NULL)}: the receive path's one call per socket and batch.
     *
     * @param fd       socket.
     * @param messages {@code count} {@code struct mmsghdr}, see {@code io.xdpfeed.ingress.ReceiveBatch}.
     * @param count    messages offered.
     * @return datagrams received, or -1 (EAGAIN when the socket is empty, the usual case).
     */
    public static int recvmmsgDontWait(final int fd, final MemorySegment messages, final int count)
    {
        try
        {
            return (int)RECVMMSG.invokeExact(fd, messages, count, LibC.MSG_DONTWAIT, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * Bytes of the call-state segment {@link #sendmmsg}, {@link #recvmmsg} and {@link #kick} write errno into.
     *
     * @return the size of the captured state.
     */
    public static long callStateSize()
    {
        return LibC.CALL_STATE.byteSize();
    }

    /**
     * {@code sendmmsg(fd, messages, count, 0)}; may block.
     *
     * @param callState {@link #callStateSize()} bytes, receiving errno.
     * @param fd        socket.
     * @param messages  {@code count} {@code struct mmsghdr}.
     * @param count     messages offered.
     * @return messages sent, or a negative errno.
     */
    public static int sendmmsg(final MemorySegment callState, final int fd, final MemorySegment messages,
        final int count)
    {
        try
        {
            final int sent = (int)SENDMMSG.invokeExact(callState, fd, messages, count, 0);

            return sent >= 0 ? sent : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code recvmmsg(fd, messages, count, flags, NULL)}; blocks unless the flags or the socket say otherwise.
     *
     * @param callState {@link #callStateSize()} bytes, receiving errno.
     * @param fd        socket.
     * @param messages  {@code count} {@code struct mmsghdr}.
     * @param count     messages offered.
     * @param flags     e.g. {@code MSG_WAITFORONE}.
     * @return messages received, or a negative errno.
     */
    public static int recvmmsg(final MemorySegment callState, final int fd, final MemorySegment messages,
        final int count, final int flags)
    {
        try
        {
            final int received = (int)RECVMMSG_ERRNO.invokeExact(callState, fd, messages, count, flags,
                MemorySegment.NULL);

            return received >= 0 ? received : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)}, e.g. the kick of an AF_XDP TX ring, with its errno
     * ({@link LibC#sendtoDontWait} is the receive path's kick, without).
     *
     * @param callState {@link #callStateSize()} bytes, receiving errno.
     * @param fd        the socket.
     * @return 0 on success, else a negative errno.
     */
    public static int kick(final MemorySegment callState, final int fd)
    {
        try
        {
            final long result = (long)SENDTO.invokeExact(callState, fd, MemorySegment.NULL, 0L, LibC.MSG_DONTWAIT,
                MemorySegment.NULL, 0);

            return result >= 0 ? 0 : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }
}
