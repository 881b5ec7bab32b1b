package io.xdpfeed.sim.send;

import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibSocket;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.UdpFrameEncoder;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.xdp.CompletionRing;
import io.xdpfeed.xdp.TxRing;
import io.xdpfeed.xdp.Umem;
import io.xdpfeed.xdp.XdpSupport;
import io.xdpfeed.xdp.XskSocket;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every datagram as a whole Ethernet/IPv4/UDP frame through the TX ring of an AF_XDP socket on the interface
 * that holds the channel's source address, skipping the kernel's socket, routing and neighbour layers.
 * <p>
 * Per datagram: take a free UMEM frame, copy the payload in and write the headers from the line's
 * {@link UdpFrameEncoder} (multicast MAC, IPv4 header checksum, UDP checksum), reserve one TX descriptor. Descriptors
 * are published to the kernel in batches on {@link #flush()} (the simulator flushes before it waits for the next
 * tick, so a tick's A and B copies, and consecutive ticks when sending is behind, go in one batch) or when
 * {@link #BATCH} are pending. The kernel is kicked with {@code sendto(MSG_DONTWAIT)} only while the TX ring asks for
 * a wakeup and still holds descriptors: in copy mode (veth) it transmits at most 32 frames per kick. Transmitted
 * frames come back on the completion ring onto a free-frame stack. Nothing is allocated per datagram; a datagram
 * that finds no free frame or descriptor after a full flush is counted as an error and skipped. A frame the device
 * refuses (copy mode: the kick returns EBUSY, one frame completed unsent; on veth when the peer's backlog is full) is
 * counted as dropped, in {@link #sendErrors()}, and the sender backs off 20 us.
 * <pre>
 *   onDatagram -&gt; free frame -&gt; payload + headers in UMEM -&gt; TX descriptor (pending)
 *   flush      -&gt; submit pending -&gt; kick while needed -&gt; completion ring -&gt; free frames
 * </pre>
 */
public final class XdpTxSender implements LiveSender
{
    /** Bytes per UMEM frame. */
    public static final int FRAME_SIZE = 2048;
    /** Frames of the UMEM. */
    public static final int FRAME_COUNT = 4096;
    /** Entries of the TX ring. */
    public static final int TX_RING_SIZE = 2048;
    /** Descriptors pending before a flush is forced. */
    public static final int BATCH = 64;

    private static final int MAX_STALLED_KICKS = 10_000;
    private static final long DROP_BACK_OFF_NS = 20_000;

    private final String interfaceName;
    private final Umem umem;
    private final XskSocket socket;
    private final TxRing txRing;
    private final CompletionRing completionRing;
    private final UnsafeBuffer frames;
    private final UdpFrameEncoder[] encoders;
    private final int[] freeFrames = new int[FRAME_COUNT];
    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState = arena.allocate(LibSocket.callStateSize(), 8);
    private int freeCount;
    private int pending;
    private long sent;
    private long errors;
    private long kicks;
    private long flushes;
    private long stalls;
    private long dropped;
    private int lastErrno;
    private boolean closed;

    /**
     * Bind a TX-only AF_XDP socket (copy mode) to queue 0 of the interface holding the channel's source address.
     *
     * @param channel addresses of the lines and the source address.
     * @param ttl     IPv4 TTL of the frames.
     * @throws ConfigurationException when the source address is not local, AF_XDP is unavailable (not root, no
     *                                libxdp) or the socket cannot be bound; the message says why.
     */
    public XdpTxSender(final ChannelConfig channel, final int ttl)
    {
        final NetworkInterface networkInterface =
            UdpSender.localInterface(ChannelConfig.formatAddress(channel.sourceAddress()));
        interfaceName = networkInterface.getName();
        final String unavailable = XdpSupport.unavailableReason(interfaceName);
        if (null != unavailable)
        {
            throw new ConfigurationException("AF_XDP TX on " + interfaceName + ": " + unavailable);
        }
        encoders = UdpFrameEncoder.forLines(channel, sourceMac(networkInterface, channel.sourceAddress()), ttl);

        Umem createdUmem = null;
        XskSocket createdSocket = null;
        try
        {
            createdUmem = new Umem(FRAME_COUNT, FRAME_SIZE, TX_RING_SIZE, FRAME_COUNT);
            createdSocket = new XskSocket(interfaceName, 0, createdUmem, 0, TX_RING_SIZE, false);
        }
        catch (final RuntimeException ex)
        {
            if (null != createdUmem)
            {
                createdUmem.close();
            }
            throw new ConfigurationException("AF_XDP TX on " + interfaceName + ": " + ex.getMessage(), ex);
        }
        umem = createdUmem;
        socket = createdSocket;
        txRing = socket.txRing();
        completionRing = umem.completionRing();
        frames = umem.buffer();
        for (int i = 0; i < FRAME_COUNT; i++)
        {
            freeFrames[i] = FRAME_COUNT - 1 - i;
        }
        freeCount = FRAME_COUNT;
    }

    private static byte[] sourceMac(final NetworkInterface networkInterface, final int sourceAddress)
    {
        try
        {
            final byte[] mac = networkInterface.getHardwareAddress();
            if (null != mac && mac.length == 6)
            {
                return mac;
            }
        }
        catch (final SocketException ignore)
        {
            // fall back to a locally administered address derived from the source address
        }
        return UdpFrameEncoder.localMac(sourceAddress);
    }

    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        if (length > FRAME_SIZE - UdpFrameEncoder.HEADER_LENGTH)
        {
            errors++;
            return;
        }
        if (pending >= BATCH || 0 == freeCount || txRing.free(1) < 1)
        {
            flush();
            if (0 == freeCount || txRing.free(1) < 1)
            {
                errors++;
                return;
            }
        }
        final int frame = freeFrames[--freeCount];
        final long address = umem.frameAddress(frame);
        final int frameLength = encoders[line.ordinal()].encode(frames, (int)address, buffer, offset, length);
        txRing.reserve(1);
        txRing.descriptor(txRing.reserveIndex(), address, frameLength);
        pending++;
    }

    /**
     * Publish the pending descriptors, kick the kernel until it has taken them all (or stops making progress), and
     * take transmitted frames back.
     */
    @Override
    public void flush()
    {
        if (pending > 0)
        {
            txRing.submit(pending);
            sent += pending;
            pending = 0;
            flushes++;
        }
        reclaim();
        final int ringSize = txRing.size();
        int stalled = 0;
        int lastFree = txRing.free(ringSize);
        while (lastFree < ringSize)
        {
            if (txRing.needsWakeup())
            {
                kicks++;
                final int result = LibSocket.kick(callState, socket.fd());
                if (-LibC.EBUSY == result)
                {
                    // copy mode: the device refused one frame (NET_XMIT_DROP; on veth the peer's backlog is full);
                    // the kernel completed it unsent. Count it, and give the receive side a moment to drain.
                    dropped++;
                    LockSupport.parkNanos(DROP_BACK_OFF_NS);
                }
                else if (result < 0 && -LibC.EAGAIN != result && -LibC.ENOBUFS != result)
                {
                    // e.g. ENETDOWN: the device takes nothing now; the descriptors stay on the ring for a later flush
                    lastErrno = -result;
                    stalls++;
                    break;
                }
            }
            reclaim();
            final int free = txRing.free(ringSize);
            if (free == lastFree)
            {
                if (++stalled > MAX_STALLED_KICKS)
                {
                    stalls++;
                    break;
                }
                Thread.onSpinWait();
            }
            else
            {
                stalled = 0;
            }
            lastFree = free;
        }
        reclaim();
    }

    private void reclaim()
    {
        final int done = completionRing.peek(FRAME_COUNT);
        if (done > 0)
        {
            final int first = completionRing.peekIndex();
            for (int i = 0; i < done; i++)
            {
                freeFrames[freeCount++] = (int)(completionRing.address(first + i) / FRAME_SIZE);
            }
            completionRing.release(done);
        }
    }

    /**
     * Frames put on the TX ring.
     *
     * @return the count.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Datagrams not sent: skipped for want of a frame or descriptor, refused by the device, and descriptors the kernel
     * has not taken off the TX ring (yet) at the time of the call.
     *
     * @return the count.
     */
    @Override
    public long sendErrors()
    {
        return errors + dropped + (txRing.size() - txRing.free(txRing.size()));
    }

    /**
     * Frames the device refused after they left the TX ring (copy mode: {@code sendto} returned EBUSY), lost.
     *
     * @return the count.
     */
    public long dropped()
    {
        return dropped;
    }

    /**
     * {@code sendto} calls made to wake the kernel.
     *
     * @return the count.
     */
    public long kicks()
    {
        return kicks;
    }

    /**
     * Batches published to the TX ring.
     *
     * @return the count.
     */
    public long flushes()
    {
        return flushes;
    }

    /**
     * Name of the interface the socket is bound to.
     *
     * @return e.g. {@code xfx0}.
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    @Override
    public String describe()
    {
        return "xdp (AF_XDP TX ring, copy mode, on " + interfaceName + " queue 0)";
    }

    @Override
    public String statistics()
    {
        final int stuck = txRing.size() - txRing.free(txRing.size());
        return "xdp sent " + sent + ", batches " + flushes + ", kicks " + kicks + ", dropped by the device " + dropped +
            ", skipped " + errors + ", stalled flushes " + stalls + (0 != lastErrno ? " (last: " +
            KernelUdpSocket.strerror(lastErrno) + ")" : "") + (stuck > 0 ? ", still on the TX ring " + stuck : "");
    }

    /**
     * Flush, wait for the last completions, then delete the socket and the UMEM. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        flush();
        for (int i = 0; i < MAX_STALLED_KICKS && freeCount < FRAME_COUNT; i++)
        {
            reclaim();
            Thread.onSpinWait();
        }
        socket.close();
        umem.close();
        arena.close();
    }
}
