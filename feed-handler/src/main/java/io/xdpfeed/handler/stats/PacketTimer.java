package io.xdpfeed.handler.stats;

import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.concurrent.NanoClock;

/**
 * Times each datagram on the receive thread and records its tiers into a {@link HandlerLatency}: driven by a
 * {@link TimedDatagramHandler} around the engine (datagram start and end) and a {@link TimedChannelListener} around
 * the publisher (start and end of each record).
 * <pre>
 *   frame seen      = the source's receive stamp (the kernel's: XDP metadata, or the socket's SO_TIMESTAMPNS), or
 *                     the first touch of the datagram when the source's stamps are not on the monotonic clock
 *                     (captures)
 *   first touch     = clock when the datagram is handed to the engine
 *   record i        : t0[i] = clock before the publisher is called (its changes already applied to the book),
 *                     t1[i] = clock after it committed (staged, when the publisher batches the datagram)
 *   batch           : tb0, tb1 = clock around the publisher's end of the datagram (its one commit), when it
 *                     published something
 *   wire            = receive time (epoch) - SendingTime, of the packet of the first record
 *   publish         = sum of t1[i] - t0[i], + tb1 - tb0
 *   decode          = last commit (tb1, else t1[last]) - frame seen - publish
 *   ring wait       = first touch - frame seen           (live stamps only)
 *   processing      = last commit - first touch
 * </pre>
 * A datagram that publishes nothing (a duplicate, a packet for stale instruments, a recovery line not in use) is not
 * a sample. Frame seen comes from the packet the first record belongs to, so a packet the sequencer held back for the
 * other line counts its wait in {@code decode} and {@code ring wait}. Two clock reads per record, two around the
 * publisher's end of the datagram and one per datagram (the first touch); no allocation.
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
        firstTouchNs = clock.nanoTime();
    }

    /**
     * @return true between {@link #datagramStart()} and {@link #datagramEnd()}.
     */
    public boolean isOpen()
    {
        return open;
    }

    /**
     * A record is about to be claimed; the book already holds what it carries. Only while a datagram is open.
     *
     * @param packet the packet the record comes from.
     * @return the clock now, to give back to {@link #recordEnd(long)}.
     */
    public long recordStart(final PacketInfo packet)
    {
        if (records == 0)
        {
            sendingTimeNs = packet.sendingTimeNs();
            receiveTimeNs = packet.receiveTimeNs();
        }
        return clock.nanoTime();
    }

    /**
     * The record is committed (or dropped on back-pressure).
     *
     * @param startNs what {@link #recordStart} returned.
     */
    public void recordEnd(final long startNs)
    {
        final long nowNs = clock.nanoTime();
        publishNs += nowNs - startNs;
        lastCommitNs = nowNs;
        records++;
    }

    /**
     * The publisher is about to send the datagram's staged records (one batch).
     *
     * @return the clock now, to give back to {@link #flushEnd(long)}; 0 without a clock read when the datagram
     * produced no record (nothing to send).
     */
    public long flushStart()
    {
        return records > 0 ? clock.nanoTime() : 0;
    }

    /**
     * The batch is committed (or dropped): its time counts as publish, and it is the datagram's last commit. Nothing
     * when the datagram produced no record.
     *
     * @param startNs what {@link #flushStart()} returned.
     */
    public void flushEnd(final long startNs)
    {
        if (records > 0)
        {
            final long nowNs = clock.nanoTime();
            publishNs += nowNs - startNs;
            lastCommitNs = nowNs;
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
        final HandlerLatency latency = this.latency;
        if (sendingTimeNs != 0)
        {
            latency.record(WIRE, receiveTimeNs - sendingTimeNs);
        }
        final long frameSeenNs = liveStamps ? receiveTimeNs - epochOffsetNs : firstTouchNs;
        latency.record(DECODE, lastCommitNs - frameSeenNs - publishNs);
        latency.record(PUBLISH, publishNs);
        if (liveStamps)
        {
            latency.record(RING_WAIT, firstTouchNs - frameSeenNs);
        }
        latency.record(PROCESSING, lastCommitNs - firstTouchNs);
    }

    /**
     * @return the latency recorded into.
     */
    public HandlerLatency latency()
    {
        return latency;
    }
}
