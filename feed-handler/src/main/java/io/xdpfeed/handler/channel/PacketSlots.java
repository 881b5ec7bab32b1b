package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.config.Line;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Preallocated copies of packets indexed by {@code MsgSeqNum & (capacity - 1)}: one slab of fixed-size slots plus
 * the metadata of each copy. Storing is one bounded copy; finding a sequence number is one index: O(1), no
 * allocation, no search.
 */
final class PacketSlots
{
    /** Bytes per slot: the largest UDP payload of a 1500-byte Ethernet frame. */
    static final int DEFAULT_SLOT_LENGTH = 1472;
    static final long EMPTY = -1;

    private final int capacity;
    private final int mask;
    private final int slotLength;
    private final UnsafeBuffer data;
    private final long[] seqNums;
    private final int[] lengths;
    private final int[] messageCounts;
    private final int[] spans;
    private final long[] receiveTimes;
    private final Line[] lines;

    PacketSlots(final int capacity, final int slotLength)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slotLength = slotLength;
        this.data = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * slotLength));
        this.seqNums = new long[capacity];
        this.lengths = new int[capacity];
        this.messageCounts = new int[capacity];
        this.spans = new int[capacity];
        this.receiveTimes = new long[capacity];
        this.lines = new Line[capacity];
        Arrays.fill(seqNums, EMPTY);
    }

    int capacity()
    {
        return capacity;
    }

    int slotLength()
    {
        return slotLength;
    }

    int index(final long seqNum)
    {
        return (int)seqNum & mask;
    }

    boolean holds(final long seqNum)
    {
        return seqNums[(int)seqNum & mask] == seqNum;
    }

    boolean store(
        final long seqNum,
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long receiveTimeNs)
    {
        return store(seqNum, line, buffer, offset, length, messageCount, 1, receiveTimeNs);
    }

    /**
     * Copy a packet that takes {@code span} sequence numbers (1 for a protocol that numbers packets, its message
     * count for one that numbers messages).
     */
    boolean store(
        final long seqNum,
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final int span,
        final long receiveTimeNs)
    {
        if (length > slotLength)
        {
            return false;
        }
        final int index = (int)seqNum & mask;
        data.putBytes(index * slotLength, buffer, offset, length);
        seqNums[index] = seqNum;
        lengths[index] = length;
        messageCounts[index] = messageCount;
        spans[index] = span;
        receiveTimes[index] = receiveTimeNs;
        lines[index] = line;
        return true;
    }

    void clear(final long seqNum)
    {
        final int index = (int)seqNum & mask;
        if (seqNums[index] == seqNum)
        {
            seqNums[index] = EMPTY;
            lines[index] = null;
        }
    }

    void clearAll()
    {
        Arrays.fill(seqNums, EMPTY);
        Arrays.fill(lines, null);
    }

    UnsafeBuffer buffer()
    {
        return data;
    }

    int offset(final int index)
    {
        return index * slotLength;
    }

    int length(final int index)
    {
        return lengths[index];
    }

    int messageCount(final int index)
    {
        return messageCounts[index];
    }

    int span(final int index)
    {
        return spans[index];
    }

    long receiveTimeNs(final int index)
    {
        return receiveTimes[index];
    }

    long seqNum(final int index)
    {
        return seqNums[index];
    }

    Line line(final int index)
    {
        return lines[index];
    }
}
