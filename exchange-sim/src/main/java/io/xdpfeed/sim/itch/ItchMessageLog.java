package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.MessageBlockDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.SystemEventEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every ITCH message of a session by MoldUDP64 sequence number, as the message blocks (length and message) of the
 * packets it was sent in, contiguous: what the retransmission server answers from and the snapshot server rebuilds
 * the book from. Appended by the session's generating thread (every packet, lost or not), read by the servers'
 * threads; the methods are synchronized (a request or a snapshot is rare next to the packets appended, and the lock
 * is uncontended then). Memory: the blocks (about 35 bytes per message) and one int per message.
 */
public final class ItchMessageLog
{
    private static final int TIMESTAMP_OFFSET = SystemEventEncoder.timestampEncodingOffset();

    private final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
    private final MessageBlockDecoder block = new MessageBlockDecoder();
    private byte[] blocks = new byte[1 << 16];
    private final UnsafeBuffer view = new UnsafeBuffer(blocks);
    /** offsets[s - 1]: where the block of sequence number s starts; offsets[count]: the end. */
    private int[] offsets = new int[1 << 12];
    private long count;

    /**
     * Record the messages of one MoldUDP64 packet; heartbeats and end of session add nothing.
     *
     * @param buffer holding the packet.
     * @param offset of its header.
     * @param length of the packet.
     * @throws IllegalStateException when its first sequence number is not the next one of the log.
     */
    public synchronized void append(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
        final int messages = header.messageCount();
        if (messages == 0 || messages == 0xFFFF)
        {
            return;
        }
        if (header.sequenceNumber() != count + 1)
        {
            throw new IllegalStateException("packet from " + header.sequenceNumber() + ", log ends at " + count);
        }
        final int bytes = length - MoldUdp64HeaderDecoder.BLOCK_LENGTH;
        final int end = offsets[(int)count];
        if (end + bytes > blocks.length)
        {
            blocks = Arrays.copyOf(blocks, Math.max(blocks.length * 2, end + bytes));
            view.wrap(blocks);
        }
        if (count + messages + 1 > offsets.length)
        {
            offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, (int)count + messages + 1));
        }
        buffer.getBytes(offset + MoldUdp64HeaderDecoder.BLOCK_LENGTH, blocks, end, bytes);
        int position = end;
        for (int i = 0; i < messages; i++)
        {
            position += MessageBlockDecoder.BLOCK_LENGTH +
                block.wrap(view, position, MessageBlockDecoder.BLOCK_LENGTH, 0).messageLength();
            offsets[(int)count + i + 1] = position;
        }
        count += messages;
    }

    /**
     * Give logged messages the timestamp they were sent with (the live sender's), so that re-requests and snapshots
     * answer with the bytes sent; messages not logged are left alone.
     *
     * @param from            first sequence number.
     * @param messages        how many.
     * @param nsSinceMidnight ITCH timestamp.
     */
    public synchronized void stamp(final long from, final int messages, final long nsSinceMidnight)
    {
        for (long s = Math.max(1, from); s < Math.min(from + messages, count + 1); s++)
        {
            final int message = offsets[(int)(s - 1)] + MessageBlockDecoder.BLOCK_LENGTH;
            view.putShort(message + TIMESTAMP_OFFSET, (short)(nsSinceMidnight >>> 32), ByteOrder.BIG_ENDIAN);
            view.putInt(message + TIMESTAMP_OFFSET + 2, (int)nsSinceMidnight, ByteOrder.BIG_ENDIAN);
        }
    }

    /**
     * @return messages recorded: the log holds sequence numbers 1..this.
     */
    public synchronized long messageCount()
    {
        return count;
    }

    /**
     * Copy the message blocks from one sequence number on, as many as fit.
     *
     * @param from        first sequence number (1-based, at most {@link #messageCount()}).
     * @param maxMessages most messages copied.
     * @param maxBytes    most bytes copied.
     * @param destination receives the blocks (length and message each).
     * @param offset      where in the destination.
     * @return messages copied (their bytes: {@link #blocksLength}); 0 when {@code from} is outside the log.
     */
    public synchronized int copyBlocks(
        final long from, final int maxMessages, final int maxBytes, final MutableDirectBuffer destination,
        final int offset)
    {
        if (from < 1 || from > count)
        {
            return 0;
        }
        final int first = (int)(from - 1);
        final int start = offsets[first];
        int n = 0;
        while (n < maxMessages && first + n < count && offsets[first + n + 1] - start <= maxBytes)
        {
            n++;
        }
        destination.putBytes(offset, blocks, start, offsets[first + n] - start);
        return n;
    }

    /**
     * @param from     first sequence number.
     * @param messages how many.
     * @return bytes of their blocks.
     */
    public synchronized int blocksLength(final long from, final int messages)
    {
        return offsets[(int)(from - 1) + messages] - offsets[(int)(from - 1)];
    }

    /**
     * Visit the messages of a range, in order.
     *
     * @param from    first sequence number.
     * @param to      one past the last.
     * @param visitor told each message.
     */
    public synchronized void forEach(final long from, final long to, final MessageVisitor visitor)
    {
        for (long s = Math.max(1, from); s < Math.min(to, count + 1); s++)
        {
            final int start = offsets[(int)(s - 1)];
            final int length = offsets[(int)s] - start - MessageBlockDecoder.BLOCK_LENGTH;
            visitor.onMessage(view, start + MessageBlockDecoder.BLOCK_LENGTH, length, s);
        }
    }

    /**
     * One logged message.
     */
    @FunctionalInterface
    public interface MessageVisitor
    {
        /**
         * @param buffer   holding the message (valid during the call).
         * @param offset   of its type byte.
         * @param length   of the message.
         * @param sequence its MoldUDP64 sequence number.
         */
        void onMessage(DirectBuffer buffer, int offset, int length, long sequence);
    }
}
