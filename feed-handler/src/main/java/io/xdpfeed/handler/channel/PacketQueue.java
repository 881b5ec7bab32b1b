package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.config.Line;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The recovery queue of a channel: copies of the sequenced incremental packets since recovery began, a bounded
 * preallocated ring indexed by MsgSeqNum. Appending is one copy; finding the packet after a snapshot's
 * LastMsgSeqNumProcessed is one index. Packets arrive here already in order and without duplicates (see
 * {@link PacketSequencer}), so the ring holds a contiguous run {@link #firstSeqNum()}..{@link #lastSeqNum()}.
 * When full, the oldest copy is overwritten and counted as an overflow: a snapshot older than the ring can then no
 * longer be used and its instrument waits for the next pass of the snapshot loop.
 */
final class PacketQueue
{
    private final PacketSlots slots;
    private final AtomicCounter overflows;
    private long firstSeqNum;
    private int count;

    PacketQueue(final int capacity, final int slotLength, final AtomicCounter overflows)
    {
        slots = new PacketSlots(capacity, slotLength);
        this.overflows = overflows;
    }

    void clear()
    {
        for (int i = 0; i < count; i++)
        {
            slots.clear(firstSeqNum + i);
        }
        count = 0;
        firstSeqNum = 0;
    }

    /**
     * @return false when the copy could not be kept (larger than a slot, or not contiguous): the ring restarts
     * after this packet.
     */
    boolean append(
        final long seqNum,
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long receiveTimeNs)
    {
        if (count > 0 && seqNum != firstSeqNum + count)
        {
            clear();
        }
        if (count == slots.capacity())
        {
            slots.clear(firstSeqNum);
            firstSeqNum++;
            count--;
            overflows.incrementRelease();
        }
        if (!slots.store(seqNum, line, buffer, offset, length, messageCount, receiveTimeNs))
        {
            clear();
            overflows.incrementRelease();
            firstSeqNum = seqNum + 1;
            return false;
        }
        if (count == 0)
        {
            firstSeqNum = seqNum;
        }
        count++;
        return true;
    }

    boolean contains(final long seqNum)
    {
        return count > 0 && seqNum >= firstSeqNum && seqNum < firstSeqNum + count;
    }

    int count()
    {
        return count;
    }

    int capacity()
    {
        return slots.capacity();
    }

    long firstSeqNum()
    {
        return firstSeqNum;
    }

    long lastSeqNum()
    {
        return firstSeqNum + count - 1;
    }

    long overflows()
    {
        return overflows.get();
    }

    int index(final long seqNum)
    {
        return slots.index(seqNum);
    }

    UnsafeBuffer buffer()
    {
        return slots.buffer();
    }

    int offset(final int index)
    {
        return slots.offset(index);
    }

    int length(final int index)
    {
        return slots.length(index);
    }

    int messageCount(final int index)
    {
        return slots.messageCount(index);
    }

    long receiveTimeNs(final int index)
    {
        return slots.receiveTimeNs(index);
    }

    Line line(final int index)
    {
        return slots.line(index);
    }
}
