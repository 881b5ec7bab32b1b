package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A/B arbitration of one channel's incremental packets with a small reorder window: delivers each MsgSeqNum once
 * and in order, waits a short time for the other line to fill a hole, then declares the hole lost.
 * <p>
 * A packet takes a span of sequence numbers: 1 where the protocol numbers packets (CME MDP 3.0: the next packet is
 * MsgSeqNum + 1), its message count where the protocol numbers messages (MoldUDP64: a packet of sequence number
 * {@code seq} and {@code count} messages holds {@code seq .. seq + count - 1}, the next one starts at
 * {@code seq + count}; a heartbeat has count 0 and the next expected sequence number). The protocol's
 * {@code PacketDecoder.sequenceSpan} says which; {@code end} below is {@code seq + span}.
 * <pre>
 *   end &lt;= next                     duplicate (the other line's copy, or a resend): dropped, never stored
 *   seq &lt; next &lt; end                 partly new: delivered at once with "skip the first next - seq messages"
 *                                   (the decoder applies only the new ones; counted as {@link #overlaps()})
 *   seq == next                     delivered at once (no copy), then any held successors are delivered
 *   next &lt; seq &lt; next + window      copied into slot seq &amp; (window - 1) and held; the first hold starts the wait
 *   seq &gt;= next + window            no room: the oldest holes are declared lost until it fits
 *   wait expired                    the first hole is declared lost, the held packets after it are delivered
 *   span 0 (heartbeat), seq &gt; next  nothing to deliver, but the hole next .. seq - 1 exists: the wait starts, and
 *                                   when it expires with nothing held the hole is declared lost
 * </pre>
 * The window is counted in sequence numbers (packets for MDP 3.0, messages for MoldUDP64), and so are the losses:
 * for a protocol numbering messages, the lost "packets" counter counts lost messages.
 * Every step is O(1) except the scan for the first held packet when a hole is given up (bounded by the window,
 * once per loss). Times are those the packet source gives (monotonic live, capture time in replay), so a replay
 * waits exactly as long as the live handler would have. A MsgSeqNum of 1 far behind the expected one is a sequence
 * reset (new session). One thread; no allocation.
 */
public final class PacketSequencer
{
    /**
     * What became of a packet handed to {@link #onPacket}. Returned per packet and compared by identity (no switch),
     * so an outcome costs what an int code did.
     */
    public enum Outcome
    {
        /** Delivered in order. */
        DELIVERED,
        /** Dropped as a duplicate. */
        DUPLICATE,
        /** Held in the reorder window until the hole before it is filled or given up. */
        HELD,
        /** Could not be held (larger than a slot): dropped, the other line's copy or a loss will follow. */
        DROPPED,
        /** A packet of span 0 (a heartbeat): nothing to deliver; a sequence number past the expected opens a hole. */
        EMPTY
    }

    /** Expected MsgSeqNum before the first packet. */
    public static final long NONE = 0;

    /**
     * Receives the sequenced stream.
     */
    public interface Handler
    {
        /**
         * The next packet in MsgSeqNum order.
         *
         * @param line          it came on.
         * @param buffer        holding it (the source's, or the window's copy).
         * @param offset        of the packet header.
         * @param length        of the packet.
         * @param messageCount  from framing validation.
         * @param msgSeqNum     its MsgSeqNum.
         * @param receiveTimeNs when it was received (source clock).
         */
        void onSequencedPacket(
            Line line,
            DirectBuffer buffer,
            int offset,
            int length,
            int messageCount,
            long msgSeqNum,
            long receiveTimeNs);

        /**
         * The next packet in sequence order, of which the first {@code skipMessages} messages were delivered
         * before (a packet that overlaps the sequence already delivered; only for protocols numbering messages).
         * The default delivers it whole (a handler that never sees such packets).
         *
         * @param line          it came on.
         * @param buffer        holding it.
         * @param offset        of the packet header.
         * @param length        of the packet.
         * @param messageCount  from framing validation.
         * @param msgSeqNum     sequence number of its first new message.
         * @param skipMessages  messages at its start already delivered.
         * @param receiveTimeNs when it was received (source clock).
         */
        default void onSequencedPacket(
            final Line line,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final int messageCount,
            final long msgSeqNum,
            final int skipMessages,
            final long receiveTimeNs)
        {
            onSequencedPacket(line, buffer, offset, length, messageCount, msgSeqNum, receiveTimeNs);
        }

        /**
         * Packets {@code fromSeqNum..toSeqNum} were lost on every line.
         *
         * @param fromSeqNum first lost MsgSeqNum.
         * @param toSeqNum   last lost MsgSeqNum, inclusive.
         * @param nowNs      source clock when the loss was declared.
         */
        void onLoss(long fromSeqNum, long toSeqNum, long nowNs);

        /**
         * The sequence restarted at 1 (new session or exchange failover).
         *
         * @param nowNs source clock.
         */
        void onSequenceReset(long nowNs);
    }

    private final Handler handler;
    private final PacketSlots window;
    private final long gapWaitNs;
    private final AtomicCounter duplicates;
    private final AtomicCounter losses;
    private final AtomicCounter lostPackets;

    private long nextSeqNum = NONE;
    private long revealedSeqNum = NONE;
    private int held;
    private boolean waiting;
    private long deadlineNs;

    private long delivered;
    private long heldPackets;
    private long droppedPackets;
    private long sequenceResets;
    private long overlaps;
    private long emptyPackets;

    /**
     * @param handler       receives the sequenced stream.
     * @param windowPackets packets that can be held, a power of two.
     * @param slotLength    bytes per held packet.
     * @param gapWaitNs     how long a hole may stay open before it is declared lost.
     */
    public PacketSequencer(final Handler handler, final int windowPackets, final int slotLength, final long gapWaitNs)
    {
        this(handler, windowPackets, slotLength, gapWaitNs, ChannelCounters.onHeap(0));
    }

    /**
     * @param handler       receives the sequenced stream.
     * @param windowPackets packets that can be held, a power of two.
     * @param slotLength    bytes per held packet.
     * @param gapWaitNs     how long a hole may stay open before it is declared lost.
     * @param counters      of the channel: this stage writes its duplicates, gaps and lost packets.
     */
    public PacketSequencer(
        final Handler handler,
        final int windowPackets,
        final int slotLength,
        final long gapWaitNs,
        final ChannelCounters counters)
    {
        this.handler = handler;
        this.window = new PacketSlots(windowPackets, slotLength);
        this.gapWaitNs = gapWaitNs;
        this.duplicates = counters.counter(ChannelCounter.DUPLICATES);
        this.losses = counters.counter(ChannelCounter.GAPS);
        this.lostPackets = counters.counter(ChannelCounter.LOST_PACKETS);
    }

    /**
     * Sequence one valid packet.
     *
     * @param line          it came on.
     * @param buffer        holding it.
     * @param offset        of the packet header.
     * @param length        of the packet.
     * @param messageCount  from framing validation.
     * @param msgSeqNum     its MsgSeqNum.
     * @param receiveTimeNs source clock.
     * @return what became of it: {@link Outcome#DELIVERED}, {@link Outcome#DUPLICATE}, {@link Outcome#HELD} or
     * {@link Outcome#DROPPED}.
     */
    public Outcome onPacket(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final long receiveTimeNs)
    {
        return onPacket(line, buffer, offset, length, messageCount, msgSeqNum, 1, receiveTimeNs);
    }

    /**
     * Sequence one valid packet that takes {@code span} sequence numbers.
     *
     * @param line          it came on.
     * @param buffer        holding it.
     * @param offset        of the packet header.
     * @param length        of the packet.
     * @param messageCount  from framing validation.
     * @param msgSeqNum     its (first) sequence number.
     * @param span          sequence numbers it takes: 1 per packet, or its message count (0: a heartbeat).
     * @param receiveTimeNs source clock.
     * @return what became of it: {@link Outcome#DELIVERED}, {@link Outcome#DUPLICATE}, {@link Outcome#HELD},
     * {@link Outcome#DROPPED} or {@link Outcome#EMPTY}.
     */
    public Outcome onPacket(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final int span,
        final long receiveTimeNs)
    {
        if (span <= 0)
        {
            return onEmpty(msgSeqNum, receiveTimeNs);
        }
        final long end = msgSeqNum + span;
        int skip = 0;
        if (nextSeqNum == NONE)
        {
            nextSeqNum = msgSeqNum;
        }
        else if (msgSeqNum < nextSeqNum)
        {
            if (msgSeqNum == 1 && nextSeqNum > window.capacity() + 1L)
            {
                resetSequence(receiveTimeNs);
            }
            else if (end <= nextSeqNum)
            {
                duplicates.incrementRelease();
                return Outcome.DUPLICATE;
            }
            else
            {
                skip = (int)(nextSeqNum - msgSeqNum);
                overlaps++;
            }
        }

        if (msgSeqNum - nextSeqNum >= window.capacity())
        {
            makeRoom(msgSeqNum, receiveTimeNs);
        }

        if (msgSeqNum == nextSeqNum || skip > 0)
        {
            deliver(line, buffer, offset, length, messageCount, msgSeqNum + skip, skip, receiveTimeNs);
            nextSeqNum = end;
            if (held > 0 || revealedSeqNum > end)
            {
                drain(receiveTimeNs);
            }
            return Outcome.DELIVERED;
        }

        if (window.holds(msgSeqNum))
        {
            duplicates.incrementRelease();
            return Outcome.DUPLICATE;
        }
        if (!window.store(msgSeqNum, line, buffer, offset, length, messageCount, span, receiveTimeNs))
        {
            droppedPackets++;
            return Outcome.DROPPED;
        }
        held++;
        heldPackets++;
        if (!waiting)
        {
            waiting = true;
            deadlineNs = receiveTimeNs + gapWaitNs;
        }
        return Outcome.HELD;
    }

    /**
     * A packet with no sequence number of its own (a MoldUDP64 heartbeat or end of session): its sequence number is
     * the next one the exchange will send, so one past the expected reveals a hole even when nothing else arrives.
     */
    private Outcome onEmpty(final long seqNum, final long nowNs)
    {
        emptyPackets++;
        if (nextSeqNum != NONE && seqNum > nextSeqNum && seqNum > revealedSeqNum)
        {
            revealedSeqNum = seqNum;
            if (!waiting)
            {
                waiting = true;
                deadlineNs = nowNs + gapWaitNs;
            }
        }
        return Outcome.EMPTY;
    }

    /**
     * Give up the first hole when its wait has expired.
     *
     * @param nowNs source clock.
     * @return 1 when a hole was given up, else 0.
     */
    public int onTimer(final long nowNs)
    {
        if (waiting && nowNs - deadlineNs >= 0)
        {
            giveUpFirstHole(nowNs);
            return 1;
        }
        return 0;
    }

    /**
     * Give up every hole now, e.g. at the end of a capture.
     *
     * @param nowNs source clock.
     */
    public void flush(final long nowNs)
    {
        while (held > 0 || revealedSeqNum > nextSeqNum)
        {
            giveUpFirstHole(nowNs);
        }
    }

    /**
     * Forget the expected sequence: the next packet starts it again (used with a sequence reset).
     */
    public void reset()
    {
        window.clearAll();
        held = 0;
        waiting = false;
        nextSeqNum = NONE;
        revealedSeqNum = NONE;
    }

    private void resetSequence(final long nowNs)
    {
        sequenceResets++;
        reset();
        nextSeqNum = 1;
        handler.onSequenceReset(nowNs);
    }

    private void makeRoom(final long msgSeqNum, final long nowNs)
    {
        while (msgSeqNum - nextSeqNum >= window.capacity())
        {
            if (held == 0)
            {
                loss(nextSeqNum, msgSeqNum - 1, nowNs);
                nextSeqNum = msgSeqNum;
                waiting = false;
                return;
            }
            giveUpFirstHole(nowNs);
        }
    }

    private void giveUpFirstHole(final long nowNs)
    {
        final long first = firstHeldSeqNum();
        if (first == nextSeqNum)
        {
            window.clearAll();
            held = 0;
            waiting = false;
            if (revealedSeqNum > nextSeqNum)
            {
                // only an empty packet showed the hole: nothing after it to deliver
                final long from = nextSeqNum;
                nextSeqNum = revealedSeqNum;
                loss(from, revealedSeqNum - 1, nowNs);
            }
            return;
        }
        loss(nextSeqNum, first - 1, nowNs);
        nextSeqNum = first;
        drain(nowNs);
    }

    private long firstHeldSeqNum()
    {
        final long limit = nextSeqNum + window.capacity();
        for (long seqNum = nextSeqNum + 1; seqNum < limit; seqNum++)
        {
            if (window.holds(seqNum))
            {
                return seqNum;
            }
        }
        return nextSeqNum;
    }

    private void drain(final long nowNs)
    {
        final PacketSlots window = this.window;
        while (held > 0 && window.holds(nextSeqNum))
        {
            final long seqNum = nextSeqNum;
            final int index = window.index(seqNum);
            final int span = window.span(index);
            deliver(window.line(index), window.buffer(), window.offset(index), window.length(index),
                window.messageCount(index), seqNum, 0, window.receiveTimeNs(index));
            window.clear(seqNum);
            held--;
            nextSeqNum = seqNum + span;
        }
        if (held > 0 || revealedSeqNum > nextSeqNum)
        {
            waiting = true;
            deadlineNs = nowNs + gapWaitNs;
        }
        else
        {
            waiting = false;
        }
    }

    private void deliver(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final int skipMessages,
        final long receiveTimeNs)
    {
        delivered++;
        if (skipMessages == 0)
        {
            handler.onSequencedPacket(line, buffer, offset, length, messageCount, msgSeqNum, receiveTimeNs);
        }
        else
        {
            handler.onSequencedPacket(line, buffer, offset, length, messageCount, msgSeqNum, skipMessages,
                receiveTimeNs);
        }
    }

    /**
     * Declare every MsgSeqNum from the next expected through {@code seqNum} lost, when no hole is waiting: used when
     * other evidence (a snapshot's LastMsgSeqNumProcessed) shows packets that no later packet would reveal missing.
     * Packets of that range arriving afterwards are duplicates.
     *
     * @param seqNum last MsgSeqNum lost.
     * @param nowNs  source clock.
     * @return true when a loss was declared.
     */
    public boolean declareLostThrough(final long seqNum, final long nowNs)
    {
        if (nextSeqNum == NONE || seqNum < nextSeqNum || held > 0)
        {
            return false;
        }
        final long from = nextSeqNum;
        nextSeqNum = seqNum + 1;
        waiting = false;
        loss(from, seqNum, nowNs);
        return true;
    }

    private void loss(final long fromSeqNum, final long toSeqNum, final long nowNs)
    {
        if (toSeqNum < fromSeqNum)
        {
            return;
        }
        losses.incrementRelease();
        lostPackets.getAndAddRelease(toSeqNum - fromSeqNum + 1);
        handler.onLoss(fromSeqNum, toSeqNum, nowNs);
    }

    /**
     * @return the next MsgSeqNum to deliver, {@link #NONE} before the first packet.
     */
    public long nextSeqNum()
    {
        return nextSeqNum;
    }

    /**
     * @return packets held in the window now.
     */
    public int held()
    {
        return held;
    }

    /**
     * @return packets delivered.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return duplicates dropped.
     */
    public long duplicates()
    {
        return duplicates.get();
    }

    /**
     * @return packets that arrived ahead of a hole and were held.
     */
    public long heldPackets()
    {
        return heldPackets;
    }

    /**
     * @return packets that could not be held (larger than a slot).
     */
    public long droppedPackets()
    {
        return droppedPackets;
    }

    /**
     * @return holes declared lost.
     */
    public long losses()
    {
        return losses.get();
    }

    /**
     * @return MsgSeqNums declared lost.
     */
    public long lostPackets()
    {
        return lostPackets.get();
    }

    /**
     * @return packets partly delivered before (their first messages skipped).
     */
    public long overlaps()
    {
        return overlaps;
    }

    /**
     * @return packets of span 0 (heartbeats) seen.
     */
    public long emptyPackets()
    {
        return emptyPackets;
    }

    /**
     * @return sequence resets seen.
     */
    public long sequenceResets()
    {
        return sequenceResets;
    }
}
