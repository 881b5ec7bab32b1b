package io.xdpfeed.handler.arbitration;

import java.util.Arrays;

/**
 * Arbitrates the incremental packets of each channel between its lines A and B by MsgSeqNum.
 * <p>
 * Per channel it holds the next expected MsgSeqNum. {@link #onPacket(int, long)} answers:
 * <ul>
 *   <li>{@link #ACCEPT}: the next packet in sequence (or the first one seen on the channel): apply it.</li>
 *   <li>{@link #DUPLICATE}: a MsgSeqNum already accepted (the other line's copy, or a resend): drop it.</li>
 *   <li>{@link #GAP}: newer than expected; packets {@link #gapFromSeqNum()}..{@link #gapToSeqNum()} were lost on
 *       both lines so far. The packet is accepted (expected moves past it); the engine decides whether to apply
 *       it now or queue it while it recovers.</li>
 * </ul>
 * Only call it with packets whose framing is valid: a malformed copy must not consume its MsgSeqNum, so that the
 * other line's intact copy is still used. One thread; no allocation; counters are plain fields.
 */
public final class LineArbiter
{
    /** The packet is the next in sequence: apply it. */
    public static final int ACCEPT = 0;
    /** The packet's MsgSeqNum was already accepted: drop it. */
    public static final int DUPLICATE = 1;
    /** The packet is accepted after a gap of {@link #gapFromSeqNum()}..{@link #gapToSeqNum()}. */
    public static final int GAP = 2;

    /** Expected MsgSeqNum of a channel that has seen no packet yet. */
    public static final long NONE = 0;

    private long[] expectedSeqNums;
    private long gapFromSeqNum;
    private long gapToSeqNum;
    private long accepted;
    private long duplicates;
    private long gaps;
    private long missingPackets;

    /**
     * @param channelCount initial number of channels (dense indexes 0..channelCount-1); grows on demand.
     */
    public LineArbiter(final int channelCount)
    {
        expectedSeqNums = new long[Math.max(1, channelCount)];
    }

    /**
     * Arbitrate one valid incremental packet.
     *
     * @param channelIndex dense channel index (see {@code LineMap.channelIndex}).
     * @param msgSeqNum    the packet header's MsgSeqNum (uint32).
     * @return {@link #ACCEPT}, {@link #DUPLICATE} or {@link #GAP}.
     */
    public int onPacket(final int channelIndex, final long msgSeqNum)
    {
        if (channelIndex >= expectedSeqNums.length)
        {
            expectedSeqNums = Arrays.copyOf(expectedSeqNums, Math.max(channelIndex + 1, expectedSeqNums.length * 2));
        }

        final long expected = expectedSeqNums[channelIndex];
        if (expected == NONE || msgSeqNum == expected)
        {
            expectedSeqNums[channelIndex] = msgSeqNum + 1;
            accepted++;
            return ACCEPT;
        }
        if (msgSeqNum < expected)
        {
            duplicates++;
            return DUPLICATE;
        }

        gapFromSeqNum = expected;
        gapToSeqNum = msgSeqNum - 1;
        expectedSeqNums[channelIndex] = msgSeqNum + 1;
        accepted++;
        gaps++;
        missingPackets += msgSeqNum - expected;
        return GAP;
    }

    /**
     * @return first missing MsgSeqNum of the last {@link #GAP}.
     */
    public long gapFromSeqNum()
    {
        return gapFromSeqNum;
    }

    /**
     * @return last missing MsgSeqNum of the last {@link #GAP}, inclusive.
     */
    public long gapToSeqNum()
    {
        return gapToSeqNum;
    }

    /**
     * @param channelIndex dense channel index.
     * @return the next MsgSeqNum the channel expects, or {@link #NONE} before its first packet.
     */
    public long expectedSeqNum(final int channelIndex)
    {
        return channelIndex < expectedSeqNums.length ? expectedSeqNums[channelIndex] : NONE;
    }

    /**
     * Set the next expected MsgSeqNum, e.g. after recovery from a snapshot, or {@link #NONE} to take whatever
     * comes next as the start of the sequence (after a sequence reset).
     *
     * @param channelIndex   dense channel index.
     * @param expectedSeqNum next MsgSeqNum to accept.
     */
    public void expectedSeqNum(final int channelIndex, final long expectedSeqNum)
    {
        if (channelIndex >= expectedSeqNums.length)
        {
            expectedSeqNums = Arrays.copyOf(expectedSeqNums, Math.max(channelIndex + 1, expectedSeqNums.length * 2));
        }
        expectedSeqNums[channelIndex] = expectedSeqNum;
    }

    /**
     * @return packets accepted (including those that came after a gap).
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * @return packets dropped as duplicates.
     */
    public long duplicates()
    {
        return duplicates;
    }

    /**
     * @return gaps seen (each jump forward counts once).
     */
    public long gaps()
    {
        return gaps;
    }

    /**
     * @return MsgSeqNums skipped over by all gaps.
     */
    public long missingPackets()
    {
        return missingPackets;
    }
}
