package io.xdpfeed.xdp;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.UdpFrameParser;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The receive side of one RX queue: a {@link Umem} whose frames all start in the {@link FillRing}, an
 * {@link XskSocket} bound to the queue, and the loop that turns RX descriptors into datagrams.
 * <p>
 * Frame accounting: the fill ring has twice as many entries as the UMEM has frames, and each frame taken from the
 * RX ring goes back to the fill ring in the same batch. The kernel publishes the fill ring's consumer index lazily:
 * only when it has used up the entries it cached at its last look. With a fill ring only as large as the UMEM, the
 * kernel would cache the whole ring after the initial fill (or after any large refill), no frame could be returned
 * until it ran dry, and it would drop packets each time round. With twice the entries, the entries it has cached plus
 * the frames handed back since never exceed the ring (both are at most the frame count), so the return always fits.
 * Should it not (a kernel that batches differently), frames wait in a preallocated FIFO and go back on a later poll,
 * oldest first.
 */
final class XskReceiver implements AutoCloseable
{
    /** The program writes the receive time (bpf_ktime_get_ns) 8 bytes before the frame, a hardware stamp before. */
    static final int SOFTWARE_TIMESTAMP_OFFSET = -8;

    private static final VarHandle RECEIVED_PACKETS;
    private static final VarHandle SKIPPED_FRAMES;
    private static final VarHandle BAD_CHECKSUMS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECEIVED_PACKETS = lookup.findVarHandle(XskReceiver.class, "receivedPackets", long.class);
            SKIPPED_FRAMES = lookup.findVarHandle(XskReceiver.class, "skippedFrames", long.class);
            BAD_CHECKSUMS = lookup.findVarHandle(XskReceiver.class, "badChecksums", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Umem umem;
    private final XskSocket socket;
    private final RxRing rxRing;
    private final FillRing fillRing;
    private final UnsafeBuffer buffer;
    private final long umemAddress;
    private final long frameMask;
    private final XskStatistics kernelStatistics = new XskStatistics();
    private final long[] pendingFrames;
    private final int pendingMask;
    private long pendingHead;
    private long pendingTail;
    private long receivedPackets;
    private long skippedFrames;
    private long badChecksums;
    /** What {@link #touchNextDescriptor} loaded, kept only so that its loads stay in the compiled code. */
    private long nextDescriptor;
    private final boolean verifyChecksum;

    XskReceiver(final Umem umem, final XskSocket socket, final boolean verifyChecksum)
    {
        this(umem, socket, socket.rxRing(), umem.fillRing(), umem.buffer(), umem.frameSize(), umem.frameCount(),
            verifyChecksum);
    }

    /**
     * The receive loop over rings and memory of the caller's: the kernel's objects, or (for
     * {@code ReceiveLoopBenchmark}) plain memory laid out as libxdp describes it, with no socket behind it.
     */
    XskReceiver(final Umem umem, final XskSocket socket, final RxRing rxRing, final FillRing fillRing,
        final UnsafeBuffer buffer, final int frameSize, final int frames, final boolean verifyChecksum)
    {
        this.verifyChecksum = verifyChecksum;
        this.umem = umem;
        this.socket = socket;
        this.rxRing = rxRing;
        this.fillRing = fillRing;
        this.buffer = buffer;
        this.umemAddress = buffer.addressOffset();
        this.frameMask = ~((long)frameSize - 1);

        this.pendingFrames = new long[frames];
        this.pendingMask = frames - 1;
        if (fillRing.size() < 2 * frames || fillRing.reserve(frames) != frames)
        {
            throw new IllegalStateException("fill ring must have twice the frames of the UMEM: " + fillRing.size() +
                " < 2 * " + frames);
        }
        final int index = fillRing.reserveIndex();
        for (int i = 0; i < frames; i++)
        {
            fillRing.address(index + i, (long)i * frameSize);
        }
        fillRing.submit(frames);
    }

    /**
     * Deliver up to {@code limit} datagrams from the RX ring and give their frames back to the fill ring.
     *
     * @param handler receiving each datagram in place in the UMEM.
     * @param limit   the most frames to take.
     * @return datagrams delivered.
     */
    int poll(final DatagramHandler handler, final int limit)
    {
        if (pendingHead != pendingTail)
        {
            returnPendingFrames();
        }
        final int count = rxRing.peek(limit);
        if (0 == count)
        {
            touchNextDescriptor();
            if (fillRing.needsWakeup())
            {
                socket.wakeupRx();
            }
            return 0;
        }
        return deliver(handler, count);
    }

    /**
     * Load the RX descriptor the kernel writes next, and the two lines of the frame it names, on every empty poll.
     * The kernel writes a frame, its descriptor, then the producer index: all of them leave this core's cache, and
     * the poll that finds the ring no longer empty would fetch them one after the other (the producer index; past
     * the mispredicted "empty" branch the descriptor; then the frame it names). Loaded here, on the path the branch
     * predictor takes, the descriptor's fetch starts alongside the producer index's, and the frame's as soon as the
     * descriptor arrives: when {@link #deliver} reads them they have arrived or are on their way, one or two
     * cross-core fetches fewer in the chain. Between packets the slot holds an old descriptor (or 0 before the
     * first), whose frame lies in the UMEM too: nothing is used, the sum is kept in a field only so that the loads
     * stay in the compiled code.
     */
    private void touchNextDescriptor()
    {
        final int offset = (int)UnsafeApi.getLong(rxRing.slot(rxRing.peekIndex(), XdpDescriptor.SHIFT));
        // the receive stamp's line, before the frame (at least 8 bytes in, so that a zero slot stays in the UMEM)
        final long stamp = UnsafeApi.getLong(umemAddress + Math.max(offset, -SOFTWARE_TIMESTAMP_OFFSET) +
            SOFTWARE_TIMESTAMP_OFFSET);
        // the headers' line: the EtherType and the IPv4 header's first word
        nextDescriptor = stamp + UnsafeApi.getLong(umemAddress + offset + UdpFrameParser.ETHERNET_HEADER_LENGTH - 2);
    }

    /**
     * The batch the last peek took: a method of its own so that the JIT compiles it with a profile of its own. In
     * {@link #poll}'s profile, dominated by the empty polls of a busy-spinning thread, every per-packet call site
     * (descriptor reads, fill entries, the parser) looked cold, and C2 left each one a call instead of inlining it.
     * <p>
     * The loop is written as the C receiver's is: the rings' entry addresses, masks and first indices read once into
     * locals (C2 does not trust final instance fields, and reloaded them from the ring objects on every packet after
     * the stores of the loop), each frame's fill entry written as soon as its descriptor is read (the kernel sees it
     * only at the submit after the batch), and the rare case (frames waiting for room in the fill ring) out of it.
     */
    private int deliver(final DatagramHandler handler, final int count)
    {
        final FillRing fillRing = this.fillRing;
        if (pendingHead != pendingTail || fillRing.reserve(count) != count)
        {
            return deliverThroughPending(handler, count);
        }
        final RxRing rxRing = this.rxRing;
        final UnsafeBuffer buffer = this.buffer;
        final long umemAddress = this.umemAddress;
        final long frameMask = this.frameMask;
        final boolean verifyChecksum = this.verifyChecksum;
        final long rxEntries = rxRing.entries;
        final int rxMask = rxRing.mask;
        final long fillEntries = fillRing.entries;
        final int fillMask = fillRing.mask;
        final int rxIndex = rxRing.peekIndex();
        final int fillIndex = fillRing.reserveIndex();
        int delivered = 0;
        int badChecksum = 0;
        for (int i = 0; i < count; i++)
        {
            final long descriptor = rxEntries + ((long)((rxIndex + i) & rxMask) << XdpDescriptor.SHIFT);
            final long address = UnsafeApi.getLong(descriptor + XdpDescriptor.ADDR_OFFSET);
            final int length = UnsafeApi.getInt(descriptor + XdpDescriptor.LEN_OFFSET);
            UnsafeApi.putLong(fillEntries + ((long)((fillIndex + i) & fillMask) << FillRing.ENTRY_SHIFT),
                address & frameMask);
            final int parsed = deliverFrame(handler, buffer, umemAddress, (int)address, length, verifyChecksum);
            if (UdpFrameParser.DELIVERED == parsed)
            {
                delivered++;
            }
            else if (UdpFrameParser.BAD_CHECKSUM == parsed)
            {
                badChecksum++;
            }
        }
        rxRing.release(count);
        fillRing.submit(count);
        count(count, delivered, badChecksum);

        return delivered;
    }

    /**
     * The batch when frames wait for room in the fill ring: each frame joins the end of the queue, which goes back
     * in order as room allows.
     */
    private int deliverThroughPending(final DatagramHandler handler, final int count)
    {
        final RxRing rxRing = this.rxRing;
        final int rxIndex = rxRing.peekIndex();
        int delivered = 0;
        int badChecksum = 0;
        for (int i = 0; i < count; i++)
        {
            final long address = rxRing.address(rxIndex + i);
            pendingFrames[(int)(pendingTail++ & pendingMask)] = address & frameMask;
            final int parsed =
                deliverFrame(handler, buffer, umemAddress, (int)address, rxRing.length(rxIndex + i), verifyChecksum);
            if (UdpFrameParser.DELIVERED == parsed)
            {
                delivered++;
            }
            else if (UdpFrameParser.BAD_CHECKSUM == parsed)
            {
                badChecksum++;
            }
        }
        rxRing.release(count);
        returnPendingFrames();
        count(count, delivered, badChecksum);

        return delivered;
    }

    private static int deliverFrame(final DatagramHandler handler, final UnsafeBuffer buffer, final long umemAddress,
        final int offset, final int length, final boolean verifyChecksum)
    {
        // the kernel checked the descriptor against the UMEM: the stamp's 8 bytes lie in the frame's headroom
        final long timestampAddress = umemAddress + offset + SOFTWARE_TIMESTAMP_OFFSET;
        long receiveTimeNs = UnsafeApi.getLong(timestampAddress);
        if (0 == receiveTimeNs)
        {
            receiveTimeNs = System.nanoTime();
        }
        else
        {
            // so that a frame the program could not stamp is never read with a stale time
            UnsafeApi.putLong(timestampAddress, 0L);
        }
        return UdpFrameParser.parseEthernet(buffer, offset, length, receiveTimeNs, handler, verifyChecksum);
    }

    private void count(final int count, final int delivered, final int badChecksum)
    {
        RECEIVED_PACKETS.setOpaque(this, receivedPackets + count);
        if (delivered != count)
        {
            SKIPPED_FRAMES.setOpaque(this, skippedFrames + (count - delivered - badChecksum));
            if (badChecksum != 0)
            {
                BAD_CHECKSUMS.setOpaque(this, badChecksums + badChecksum);
            }
        }
    }

    private void returnPendingFrames()
    {
        final int reserved = fillRing.reserveUpTo((int)(pendingTail - pendingHead));
        if (reserved > 0)
        {
            final int fillIndex = fillRing.reserveIndex();
            for (int i = 0; i < reserved; i++)
            {
                fillRing.address(fillIndex + i, pendingFrames[(int)(pendingHead++ & pendingMask)]);
            }
            fillRing.submit(reserved);
        }
        else if (fillRing.needsWakeup())
        {
            socket.wakeupRx();
        }
    }

    /**
     * The socket of this queue.
     *
     * @return the socket.
     */
    XskSocket socket()
    {
        return socket;
    }

    /**
     * Frames taken from the RX ring; readable from any thread.
     *
     * @return the count.
     */
    long receivedPackets()
    {
        return (long)RECEIVED_PACKETS.getOpaque(this);
    }

    /**
     * Frames that were not a whole IPv4/UDP datagram; readable from any thread.
     *
     * @return the count.
     */
    long skippedFrames()
    {
        return (long)SKIPPED_FRAMES.getOpaque(this);
    }

    /**
     * Whole IPv4/UDP datagrams dropped for a failed UDP checksum; readable from any thread.
     *
     * @return the count.
     */
    long badChecksums()
    {
        return (long)BAD_CHECKSUMS.getOpaque(this);
    }

    /**
     * Read the kernel's counters of the socket (a syscall). Not thread safe: the caller serialises.
     *
     * @return the counters, reused between calls.
     */
    XskStatistics kernelStatistics()
    {
        socket.statistics(kernelStatistics);
        return kernelStatistics;
    }

    @Override
    public void close()
    {
        socket.close();
        umem.close();
    }
}
