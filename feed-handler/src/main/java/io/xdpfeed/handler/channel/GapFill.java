package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import io.xdpfeed.handler.protocol.DecodeMode;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.handler.protocol.StreamRecovery;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The recovery of a channel whose protocol brings lost sequence numbers back itself ({@link StreamRecovery}: a
 * re-request server, a snapshot server) instead of a snapshot line: the lost range is asked for again, the live
 * packets are queued meanwhile, and the stream is applied in sequence order from the retransmitted and the queued
 * packets; a late start, or a gap the server cannot fill, or a full queue, takes a snapshot, after which the queued
 * packets are applied from the snapshot's next sequence number on. The books never see a packet out of order, so no
 * instrument goes STALE: the channel says STALE (then RECOVERING) until the stream is whole again, then LIVE.
 * <pre>
 *   IDLE      packets applied as they come (fillNext follows the stream)
 *     loss: ask for it (or, when that cannot be asked, snapshot)             -> FILLING, ChannelStatus STALE
 *     late start                                                           -> SNAPSHOT, ChannelStatus STALE
 *   FILLING   live packets queued (one copy each, FIFO); a retransmitted packet that starts at or before fillNext
 *             applied at once (its old messages skipped), one further ahead held; then the queue and the held
 *             packets applied while they continue the stream; every known sequence number applied -> IDLE, LIVE
 *     the server gave up, the queue filled                                 -> SNAPSHOT (or, without a snapshot
 *                                                                             server, give up: the engine's STALE)
 *   SNAPSHOT  live packets queued (the oldest dropped when full); the books emptied at the snapshot's first
 *             message, its messages applied by the protocol; at its end fillNext := its next sequence number, the
 *             queue applied from there; a hole left is asked for (FILLING) or another snapshot taken
 * </pre>
 * O(1) per packet (a copy into the queue while recovering); the only scans are over the few held answers.
 * Receive thread only; no allocation after construction.
 */
final class GapFill implements StreamRecovery.Receiver
{
    static final int IDLE = 0;
    static final int FILLING = 1;
    static final int SNAPSHOT = 2;

    /** Retransmitted packets kept until their turn (answers to later requests that came first). */
    private static final int HELD_CAPACITY = 64;

    private final StreamRecovery recovery;
    private final PacketDecoder decoder;
    private final RptSeqGate gate;
    private final RecoveryStates states;
    private final SnapshotRecovery snapshotRecovery;
    private final PacketSlots queue;
    private final long[] queueSeqNums;
    private final PacketSlots held;
    private final long[] heldSeqNums;
    private final AtomicCounter overflows;
    private final AtomicCounter requests;
    private final AtomicCounter retransmitted;
    private final AtomicCounter snapshots;
    private final AtomicCounter snapshotFailures;
    private SequencedStream stream;

    private int state = IDLE;
    private long fillNext;
    private long streamEnd;
    private long queueHead;
    private long queueTail;
    private int heldCount;
    private boolean snapshotBegun;
    private Line lastLine;
    private long lastReceiveTimeNs;
    private long giveUps;

    /**
     * @param recovery         the protocol's recovery of the channel.
     * @param decoder          the channel's live decoder (sequence spans; retransmitted packets are decoded by it).
     * @param gate             where the stream stands.
     * @param states           the channel's recovery state machine (its status).
     * @param snapshotRecovery empties the books for a snapshot; takes over when the recovery gives up.
     * @param options          the queue's capacity and slot length.
     * @param counters         of the channel: this stage writes the re-requests, the retransmitted sequence numbers,
     *                         the snapshots and the queue overflows.
     */
    GapFill(
        final StreamRecovery recovery,
        final PacketDecoder decoder,
        final RptSeqGate gate,
        final RecoveryStates states,
        final SnapshotRecovery snapshotRecovery,
        final ChannelOptions options,
        final ChannelCounters counters)
    {
        this.recovery = recovery;
        this.decoder = decoder;
        this.gate = gate;
        this.states = states;
        this.snapshotRecovery = snapshotRecovery;
        this.queue = new PacketSlots(options.queueCapacity(), options.slotLength());
        this.queueSeqNums = new long[options.queueCapacity()];
        this.held = new PacketSlots(HELD_CAPACITY, options.slotLength());
        this.heldSeqNums = new long[HELD_CAPACITY];
        this.overflows = counters.counter(ChannelCounter.QUEUE_OVERFLOWS);
        this.requests = counters.counter(ChannelCounter.RETRANSMISSION_REQUESTS);
        this.retransmitted = counters.counter(ChannelCounter.RETRANSMITTED_MESSAGES);
        this.snapshots = counters.counter(ChannelCounter.STREAM_SNAPSHOTS);
        this.snapshotFailures = counters.counter(ChannelCounter.STREAM_SNAPSHOT_FAILURES);
    }

    /**
     * @param stream applies packets in order (set once by the composition: it is built after this).
     */
    void applyWith(final SequencedStream stream)
    {
        this.stream = stream;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the sequenced stream
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A packet of the sequenced stream, before it is applied.
     *
     * @return the messages at its start to skip when it is to be applied now, or -1 when it was queued (or is
     * already in the books, from a snapshot or a retransmission).
     */
    int onSequencedPacket(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final int skipMessages,
        final long receiveTimeNs)
    {
        final long headerSeqNum = msgSeqNum - skipMessages;
        final long end = headerSeqNum + decoder.sequenceSpan(buffer, offset, messageCount);
        lastLine = line;
        lastReceiveTimeNs = receiveTimeNs;
        if (state == IDLE)
        {
            if (end <= fillNext)
            {
                return -1;
            }
            final int skip = (int)Math.max(skipMessages, fillNext - headerSeqNum);
            fillNext = end;
            streamEnd = end;
            return skip;
        }
        streamEnd = Math.max(streamEnd, end);
        if (!enqueue(line, buffer, offset, length, messageCount, headerSeqNum, end - headerSeqNum, receiveTimeNs))
        {
            // FILLING without a snapshot server: given up, the stream goes on from here
            return onSequencedPacket(line, buffer, offset, length, messageCount, msgSeqNum, skipMessages,
                receiveTimeNs);
        }
        if (state == FILLING)
        {
            drain();
        }
        return -1;
    }

    /**
     * The first packet of the stream is not sequence number 1.
     *
     * @param firstSeqNum its sequence number.
     * @return true when the recovery takes it (a snapshot server): the packet is then queued.
     */
    boolean onLateStart(final long firstSeqNum)
    {
        if (!recovery.canSnapshot())
        {
            return false;
        }
        states.streamLost(1, firstSeqNum - 1);
        enterSnapshot();
        return true;
    }

    /**
     * Sequence numbers lost on every line.
     *
     * @return true when the recovery takes them.
     */
    boolean onLoss(final long lostFrom, final long toSeqNum)
    {
        if (toSeqNum < fillNext)
        {
            // already in the books: a snapshot ahead of the stream included it
            return true;
        }
        final long fromSeqNum = Math.max(lostFrom, fillNext);
        if (state == IDLE)
        {
            if (!recovery.canRetransmit() && !recovery.canSnapshot())
            {
                return false;
            }
            fillNext = fromSeqNum;
            streamEnd = toSeqNum + 1;
            states.streamLost(fromSeqNum, toSeqNum);
            if (recovery.canRetransmit() && recovery.requestRetransmission(fromSeqNum, toSeqNum))
            {
                state = FILLING;
            }
            else if (recovery.canSnapshot())
            {
                enterSnapshot();
            }
            else
            {
                state = FILLING;
                giveUp();
            }
            return true;
        }
        streamEnd = Math.max(streamEnd, toSeqNum + 1);
        if (state == FILLING && !recovery.requestRetransmission(fromSeqNum, toSeqNum))
        {
            snapshotOrGiveUp();
        }
        // while a snapshot is under way a hole after its point is asked for at its end
        return true;
    }

    /**
     * The sequence restarted (a new session): whatever was being recovered belongs to the old one.
     */
    void onSequenceReset()
    {
        if (state != IDLE)
        {
            clearQueue();
            finish();
        }
        fillNext = 0;
        streamEnd = 0;
    }

    /**
     * Make progress: the protocol's requests, answers and snapshot.
     *
     * @return work done.
     */
    int poll()
    {
        if (state == IDLE)
        {
            return 0;
        }
        if (snapshotBegun)
        {
            gate.mode(DecodeMode.LIVE);
            gate.currentSeqNum(1);
        }
        final int work = recovery.poll(this);
        if (state == FILLING && recovery.retransmissionFailed())
        {
            snapshotOrGiveUp();
        }
        requests.setRelease(recovery.requests());
        return work;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // what the recovery brings back
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     */
    public boolean onRetransmission(
        final DirectBuffer buffer, final int offset, final int length, final int messageCount, final long seqNum)
    {
        if (state != FILLING)
        {
            return true;
        }
        final long end = seqNum + decoder.sequenceSpan(buffer, offset, messageCount);
        if (end <= fillNext)
        {
            return true;
        }
        if (seqNum <= fillNext)
        {
            applyRetransmitted(buffer, offset, length, messageCount, seqNum, end);
            drain();
            return true;
        }
        return hold(buffer, offset, length, messageCount, seqNum, end);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotBegin()
    {
        snapshotBegun = true;
        gate.mode(DecodeMode.LIVE);
        gate.currentSeqNum(1);
        snapshotRecovery.onChannelReset(1);
        states.instrumentRecovered();
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFailed()
    {
        snapshotFailures.incrementRelease();
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotEnd(final long nextSeqNum)
    {
        if (!snapshotBegun)
        {
            onSnapshotBegin();
        }
        snapshotBegun = false;
        snapshots.incrementRelease();
        fillNext = nextSeqNum;
        streamEnd = Math.max(streamEnd, nextSeqNum);
        gate.lastSeqNum(nextSeqNum - 1);
        state = FILLING;
        drain();
        if (state == FILLING)
        {
            // a hole between the snapshot and the oldest packet queued (the queue dropped some): ask for it
            final long holeEnd = queueHead < queueTail ? queueSeqNums[queue.index(queueHead)] : streamEnd;
            if (!recovery.canRetransmit() || !recovery.requestRetransmission(fillNext, holeEnd - 1))
            {
                enterSnapshot();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // applying in order
    // ---------------------------------------------------------------------------------------------------------------

    private void applyRetransmitted(
        final DirectBuffer buffer, final int offset, final int length, final int messageCount, final long seqNum,
        final long end)
    {
        final int skip = (int)(fillNext - seqNum);
        retransmitted.getAndAddRelease(end - fillNext);
        stream.apply(lastLine, buffer, offset, length, messageCount, fillNext, skip, lastReceiveTimeNs);
        fillNext = end;
        states.instrumentRecovered();
    }

    /**
     * Apply the queued and held packets while they continue the stream; done when every known sequence number is.
     */
    private void drain()
    {
        while (true)
        {
            if (queueHead < queueTail)
            {
                final int index = queue.index(queueHead);
                final long seqNum = queueSeqNums[index];
                final long end = seqNum + queue.span(index);
                if (end <= fillNext)
                {
                    popQueue();
                    continue;
                }
                if (seqNum <= fillNext)
                {
                    final int skip = (int)(fillNext - seqNum);
                    stream.apply(queue.line(index), queue.buffer(), queue.offset(index), queue.length(index),
                        queue.messageCount(index), fillNext, skip, queue.receiveTimeNs(index));
                    fillNext = end;
                    popQueue();
                    continue;
                }
            }
            if (heldCount == 0 || !applyHeld())
            {
                break;
            }
        }
        if (queueHead == queueTail && fillNext >= streamEnd)
        {
            finish();
        }
    }

    private boolean applyHeld()
    {
        for (int slot = 0; slot < HELD_CAPACITY; slot++)
        {
            if (held.holds(slot))
            {
                final long seqNum = heldSeqNums[slot];
                final long end = seqNum + held.span(slot);
                if (end <= fillNext)
                {
                    releaseHeld(slot);
                }
                else if (seqNum <= fillNext)
                {
                    final int index = held.index(slot);
                    applyRetransmitted(held.buffer(), held.offset(index), held.length(index), held.messageCount(index),
                        seqNum, end);
                    releaseHeld(slot);
                    return true;
                }
            }
        }
        return false;
    }

    private boolean hold(
        final DirectBuffer buffer, final int offset, final int length, final int messageCount, final long seqNum,
        final long end)
    {
        for (int slot = 0; slot < HELD_CAPACITY; slot++)
        {
            if (!held.holds(slot))
            {
                if (!held.store(slot, null, buffer, offset, length, messageCount, (int)(end - seqNum), 0))
                {
                    return false;
                }
                heldSeqNums[slot] = seqNum;
                heldCount++;
                return true;
            }
        }
        // no room: not taken, the request is sent again
        return false;
    }

    private void releaseHeld(final int slot)
    {
        held.clear(slot);
        heldCount--;
    }

    private void clearHeld()
    {
        if (heldCount > 0)
        {
            held.clearAll();
            heldCount = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the queue of live packets
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return false when the recovery gave up instead (FILLING, no snapshot server, no room): apply the packet now.
     */
    private boolean enqueue(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final int messageCount,
        final long seqNum, final long span, final long receiveTimeNs)
    {
        if (queueTail - queueHead == queue.capacity() || length > queue.slotLength())
        {
            overflows.incrementRelease();
            if (state == FILLING)
            {
                // the hole takes too long to fill: a snapshot brings the books to a point past all of this
                if (!snapshotOrGiveUp())
                {
                    return false;
                }
                clearQueue();
            }
            else if (queueTail > queueHead)
            {
                popQueue();
            }
            if (length > queue.slotLength())
            {
                return true;
            }
        }
        queue.store(queueTail, line, buffer, offset, length, messageCount, (int)span, receiveTimeNs);
        queueSeqNums[queue.index(queueTail)] = seqNum;
        queueTail++;
        return true;
    }

    private void popQueue()
    {
        queue.clear(queueHead);
        queueHead++;
    }

    private void clearQueue()
    {
        while (queueHead < queueTail)
        {
            popQueue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transitions
    // ---------------------------------------------------------------------------------------------------------------

    private void enterSnapshot()
    {
        state = SNAPSHOT;
        snapshotBegun = false;
        recovery.cancelRetransmissions();
        clearHeld();
        recovery.startSnapshot();
    }

    /**
     * @return true when a snapshot was started, false when the recovery gave up (no snapshot server).
     */
    private boolean snapshotOrGiveUp()
    {
        if (recovery.canSnapshot())
        {
            enterSnapshot();
            return true;
        }
        giveUp();
        return false;
    }

    /**
     * Every known sequence number is applied: the channel is LIVE again.
     */
    private void finish()
    {
        state = IDLE;
        snapshotBegun = false;
        recovery.cancelRetransmissions();
        clearHeld();
        states.streamRecovered();
    }

    /**
     * Nothing more can bring the hole back (no snapshot server): the queued packets are applied without it, and the
     * engine's recovery takes the loss (every instrument STALE: a channel without a snapshot line stays so).
     */
    private void giveUp()
    {
        giveUps++;
        final long lostFrom = fillNext;
        final long lostTo = streamEnd - 1;
        state = IDLE;
        recovery.cancelRetransmissions();
        clearHeld();
        snapshotRecovery.startChannelRecovery(lostFrom, lostTo, lostTo);
        while (queueHead < queueTail)
        {
            final int index = queue.index(queueHead);
            final long seqNum = queueSeqNums[index];
            final long end = seqNum + queue.span(index);
            if (end > fillNext)
            {
                final int skip = (int)Math.max(0, fillNext - seqNum);
                stream.apply(queue.line(index), queue.buffer(), queue.offset(index), queue.length(index),
                    queue.messageCount(index), seqNum + skip, skip, queue.receiveTimeNs(index));
                fillNext = end;
            }
            popQueue();
        }
        streamEnd = fillNext;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // queries
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return {@link #IDLE}, {@link #FILLING} or {@link #SNAPSHOT}.
     */
    int state()
    {
        return state;
    }

    /**
     * @return packets queued now.
     */
    int queued()
    {
        return (int)(queueTail - queueHead);
    }

    /**
     * @return times the recovery gave a hole up (no snapshot server to fall back on).
     */
    long giveUps()
    {
        return giveUps;
    }

    /**
     * @return the protocol's recovery.
     */
    StreamRecovery recovery()
    {
        return recovery;
    }
}
