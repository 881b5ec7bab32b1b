package io.xdpfeed.handler.stats;

import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Times each datagram on the receive thread and records its tiers into a {@link HandlerLatency}: driven by a
 * {@link TimedDatagramHandler} around the engine (datagram start and end) and a {@link TimedChannelListener} around
 * the publisher (each record noted, the send of the datagram's batch timed).
 * <pre>
 *   frame seen      = the source's receive stamp (the kernel's: XDP metadata, or the socket's SO_TIMESTAMPNS), or
 *                     the first touch of the datagram when the source's stamps are not on the monotonic clock
 *                     (captures)
 *   first touch     = clock when the datagram is handed to the engine
 *   records         : noted as the publisher is given them (staged in the datagram's batch, or sent alone), no
 *                     clock read; the first one's packet gives SendingTime and frame seen
 *   batch           : tb0, tb1 = clock around the publisher's end of the datagram (the batch's claim, copy and
 *                     commit), when it published something
 *   wire            = receive time (epoch) - SendingTime, of the packet of the first record
 *   publish         = tb1 - tb0
 *   decode          = tb0 - frame seen: the wait, sequencing, decoding, books and the records' encoding
 *   ring wait       = first touch - frame seen           (live only)
 *   processing      = tb1 - first touch
 * </pre>
 * A datagram that publishes nothing (a duplicate, a packet for stale instruments, a recovery line not in use) is not
 * a sample. Frame seen comes from the packet the first record belongs to, so a packet the sequencer held back for the
 * other line counts its wait in {@code decode} and {@code ring wait}. Three clock reads per datagram that publishes
 * (first touch, tb0, tb1), one per datagram that does not, whatever the number of records (on a VM whose clock
 * source is kvm-clock a read costs ~28 ns: per record, it would cost more than the records); no allocation. A
 * record sent on its own inside the datagram (one too long for a batch) counts in decode; a datagram that published
 * without the publisher's end (none today) is timed to its end, as decode.
 */
public final class PacketTimer
{
    private static final int WIRE = HandlerLatencyTier.WIRE.ordinal();
    private static final int DECODE = HandlerLatencyTier.DECODE.ordinal();
    private static final int PUBLISH = HandlerLatencyTier.PUBLISH.ordinal();
    private static final int RING_WAIT = HandlerLatencyTier.RING_WAIT.ordinal();
    private static final int PROCESSING = HandlerLatencyTier.PROCESSING.ordinal();

    private final HandlerLatency latency;
    private final NanoClock clock;
    private final long epochOffsetNs;
    private final boolean liveStamps;

    private boolean open;
    private boolean flushing;
    private boolean flushed;
    private int records;
    private long firstTouchNs;
    private long sendingTimeNs;
    private long receiveTimeNs;
    private long publishNs;
    private long lastCommitNs;

    /**
     * @param latency       where the tiers go.
     * @param clock         the clock of the source's receive stamps (System.nanoTime live).
     * @param epochOffsetNs what the engine adds to receive stamps to make them epoch ns (its
     *                      {@code receiveTimeOffsetNs}).
     * @param liveStamps    true when the source stamps datagrams on {@code clock} (AF_XDP, UDP); false for captures,
     *                      whose stamps are capture times: frame seen is then the first touch.
     */
    public PacketTimer(
        final HandlerLatency latency, final NanoClock clock, final long epochOffsetNs, final boolean liveStamps)
    {
        this.latency = latency;
        this.clock = clock;
        this.epochOffsetNs = epochOffsetNs;
        this.liveStamps = liveStamps;
    }

    /**
     * A datagram is handed to the engine.
     */
    public void datagramStart()
    {
        open = true;
        records = 0;
        publishNs = 0;
        flushed = false;
        firstTouchNs = clock.nanoTime();
    }

    /**
     * @return true when the clock is {@link SystemNanoClock}, the one {@code CalibratedEpochClock} adds its offset
     * to.
     */
    public boolean readsSystemClock()
    {
        return clock == SystemNanoClock.INSTANCE;
    }

    /**
     * @return true between {@link #flushStart()} that read the clock and {@link #flushEnd}.
     */
    public boolean isFlushing()
    {
        return flushing;
    }

    /**
     * @return true between {@link #datagramStart()} and {@link #datagramEnd()}.
     */
    public boolean isOpen()
    {
        return open;
    }

    /**
     * A record is given to the publisher; the book already holds what it carries. Nothing outside a datagram.
     *
     * @param packet the packet the record comes from.
     */
    public void record(final PacketInfo packet)
    {
        if (open && records++ == 0)
        {
            sendingTimeNs = packet.sendingTimeNs();
            receiveTimeNs = packet.receiveTimeNs();
        }
    }

    /**
     * The publisher is about to send the datagram's staged records (one batch).
     *
     * @return the clock now, to give back to {@link #flushEnd(long)}; 0 without a clock read outside a datagram or
     * when the datagram produced no record (nothing to send).
     */
    public long flushStart()
    {
        flushing = open && records > 0;
        return flushing ? clock.nanoTime() : 0;
    }

    /**
     * The batch is committed (or dropped): its time is the publish tier, and its end the datagram's last commit.
     * Nothing when {@link #flushStart()} read no clock.
     *
     * @param startNs what {@link #flushStart()} returned.
     */
    public void flushEnd(final long startNs)
    {
        if (flushing)
        {
            flushing = false;
            final long nowNs = clock.nanoTime();
            publishNs = nowNs - startNs;
            lastCommitNs = nowNs;
            flushed = true;
        }
    }

    /**
     * The engine is done with the datagram: record its tiers when it published something.
     */
    public void datagramEnd()
    {
        open = false;
        if (records == 0)
        {
            return;
        }
        if (!flushed)
        {
            lastCommitNs = clock.nanoTime();
        }
        final HandlerLatency latency = this.latency;
        latency.beginSample();
        if (sendingTimeNs != 0)
        {
            latency.recordInSample(WIRE, receiveTimeNs - sendingTimeNs);
        }
        final long frameSeenNs = liveStamps ? receiveTimeNs - epochOffsetNs : firstTouchNs;
        latency.recordInSample(DECODE, lastCommitNs - frameSeenNs - publishNs);
        latency.recordInSample(PUBLISH, publishNs);
        if (liveStamps)
        {
            latency.recordInSample(RING_WAIT, firstTouchNs - frameSeenNs);
        }
        latency.recordInSample(PROCESSING, lastCommitNs - firstTouchNs);
        latency.endSample();
    }

    /**
     * @return the latency recorded into.
     */
    public HandlerLatency latency()
    {
        return latency;
    }
}
