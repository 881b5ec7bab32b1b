package io.xdpfeed.sim;

import org.agrona.DirectBuffer;
import org.agrona.LangUtil;
import org.agrona.concurrent.UnsafeBuffer;

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
 * Sends datagrams through one kernel UDP socket in batches with {@code sendmmsg(2)}: the A and B copies of a tick, its
 * snapshot and definition packets, and consecutive ticks when sending is behind, go to the kernel in one system call.
 * The socket is unconnected, bound to the channel's source address (refused unless it is an address of this
 * namespace, as {@link UdpSender}), with {@code IP_MULTICAST_IF} on that address; each message names its line's
 * group in {@code msg_name}.
 * <p>
 * The batch lives in native memory built once: {@link #BATCH} payload slots, one {@code struct iovec} and one
 * {@code struct mmsghdr} per slot, one {@code struct sockaddr_in} per line (LP64 layouts):
 * <pre>
 *   mmsghdr (64): msg_name* 0 | msg_namelen u32 8 | msg_iov* 16 | msg_iovlen 24 | msg_control* 32 |
 *                 msg_controllen 40 | msg_flags 48 | msg_len u32 56
 *   iovec   (16): iov_base* 0 | iov_len 8
 *   sockaddr_in (16): family u16 (host order) 0 | port u16 (network) 2 | address u32 (network) 4 | zero 8
 * </pre>
 * Per datagram only the payload copy, {@code iov_len} and {@code msg_name} are written; nothing is allocated.
 * Blocking like {@link UdpSender}: a full socket buffer waits. A message the kernel refuses is counted and skipped.
 */
public final class MmsgSender implements LiveSender
{
    /** Datagrams per {@code sendmmsg} at most. */
    public static final int BATCH = 64;

    private static final int SLOT_SIZE = 1536;
    private static final int MMSGHDR_SIZE = 64;
    private static final int IOVEC_SIZE = 16;
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int IPPROTO_IP = 0;
    private static final int IP_MULTICAST_IF = 32;
    private static final int IP_MULTICAST_TTL = 33;
    private static final int IP_MULTICAST_LOOP = 34;
    private static final int EINTR = 4;
    private static final int SEND_BUFFER_BYTES = 4 << 20;

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
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
        LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(CALL_STATE);
    private final MemorySegment messages = arena.allocate((long)BATCH * MMSGHDR_SIZE, 8);
    private final MemorySegment iovecs = arena.allocate((long)BATCH * IOVEC_SIZE, 8);
    private final MemorySegment slots = arena.allocate((long)BATCH * SLOT_SIZE, 64);
    private final MemorySegment destinations = arena.allocate((long)SimLine.values().length * SOCKADDR_IN_SIZE, 8);
    private final UnsafeBuffer slotBuffer = new UnsafeBuffer(slots.address(), (int)slots.byteSize());
    private final long messagesAddress = messages.address();
    private final int fd;
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
        final String source = ChannelConfig.formatAddress(channel.sourceAddress());
        UdpSender.localInterface(source);
        for (final SimLine line : SimLine.values())
        {
            final long offset = (long)line.ordinal() * SOCKADDR_IN_SIZE;
            sockaddr(destinations.asSlice(offset, SOCKADDR_IN_SIZE), channel.groupAddress(line), channel.port(line));
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

        fd = call(SOCKET, "socket", AF_INET, SOCK_DGRAM, 0);
        try
        {
            final MemorySegment value = arena.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, SEND_BUFFER_BYTES);
            setsockopt(SOL_SOCKET, SO_SNDBUF, value, "SO_SNDBUF");
            value.set(JAVA_INT, 0, ttl);
            setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, value, "IP_MULTICAST_TTL");
            value.set(JAVA_INT, 0, 1);
            setsockopt(IPPROTO_IP, IP_MULTICAST_LOOP, value, "IP_MULTICAST_LOOP");
            final MemorySegment interfaceAddress = arena.allocate(JAVA_INT);
            interfaceAddress.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 0, channel.sourceAddress());
            setsockopt(IPPROTO_IP, IP_MULTICAST_IF, interfaceAddress, "IP_MULTICAST_IF");
            final MemorySegment bindAddress = arena.allocate(SOCKADDR_IN_SIZE, 8);
            sockaddr(bindAddress, channel.sourceAddress(), 0);
            final int result = (int)BIND.invokeExact(callState, fd, bindAddress, SOCKADDR_IN_SIZE);
            if (result < 0)
            {
                throw new ConfigurationException("--tx mmsg: cannot bind to " + source + ": " + errorText());
            }
        }
        catch (final Throwable ex)
        {
            close();
            if (ex instanceof final ConfigurationException configurationException)
            {
                throw configurationException;
            }
            throw new ConfigurationException("--tx mmsg: cannot set up the socket: " + ex, ex);
        }
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor)
    {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, CAPTURE_ERRNO);
    }

    private static void sockaddr(final MemorySegment target, final int address, final int port)
    {
        target.fill((byte)0);
        target.set(JAVA_SHORT, 0, (short)AF_INET);
        target.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short)port);
        target.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, address);
    }

    private int call(final MethodHandle handle, final String name, final int a, final int b, final int c)
    {
        try
        {
            final int result = (int)handle.invokeExact(callState, a, b, c);
            if (result < 0)
            {
                throw new ConfigurationException("--tx mmsg: " + name + " failed: " + errorText());
            }
            return result;
        }
        catch (final ConfigurationException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    private void setsockopt(final int level, final int option, final MemorySegment value, final String name)
        throws Throwable
    {
        final int result = (int)SETSOCKOPT.invokeExact(callState, fd, level, option, value, (int)value.byteSize());
        if (result < 0)
        {
            throw new ConfigurationException("--tx mmsg: setsockopt " + name + " failed: " + errorText());
        }
    }

    private String errorText()
    {
        return strerror((int)ERRNO.get(callState, 0L));
    }

    private static String strerror(final int errno)
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
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
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
            destinations.address() + (long)line.ordinal() * SOCKADDR_IN_SIZE);
        count++;
    }

    @Override
    public void flush()
    {
        int done = 0;
        while (done < count)
        {
            final int result;
            try
            {
                result = (int)SENDMMSG.invokeExact(callState, fd,
                    MemorySegment.ofAddress(messagesAddress + (long)done * MMSGHDR_SIZE), count - done, 0);
            }
            catch (final Throwable t)
            {
                LangUtil.rethrowUnchecked(t);
                return;
            }
            calls++;
            if (result > 0)
            {
                done += result;
                sent += result;
            }
            else
            {
                final int errno = (int)ERRNO.get(callState, 0L);
                if (EINTR != errno)
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
            (0 != lastErrno ? " (last: " + strerror(lastErrno) + ")" : "");
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
            if (fd >= 0)
            {
                flush();
                final int ignore = (int)CLOSE.invokeExact(callState, fd);
            }
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
