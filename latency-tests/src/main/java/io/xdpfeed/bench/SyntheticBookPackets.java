package io.xdpfeed.bench;

import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The peer-comparison packet: one instrument, one MDIncrementalRefreshBook46 message of N MBP entries per packet
 * (12 by default), built with the codecs' encoders (schema v13, MsgSeqNum 1.., RptSeq 1.. per entry).
 * <p>
 * Starting from an empty book, the first packets build ten levels a side with New entries; after that every packet
 * changes both sides of a depth-10 book and leaves it at depth 10, half its entries on each side, per side in this
 * order: New at a random level (the last level falls off), Delete at a random level, New at level 10, then Change
 * at random levels for the rest (for 12 entries: 3 Changes a side, so 6 Change, 4 New, 2 Delete per packet).
 * MatchEventIndicator LastQuoteMsg | EndOfEvent. Prices and sizes are plausible (bids below asks, one tick apart);
 * the levels and sizes vary with a seeded random, so branch predictors see no fixed pattern.
 */
public final class SyntheticBookPackets
{
    private static final int DEPTH = 10;
    private static final long TICK = 250_000_000L;
    private static final long MID = 4_500_000_000_000L;
    private static final long START_TIME_NS = 1_767_623_400_000_000_000L;

    private final int securityId;
    private final int entriesPerPacket;
    private final SplittableRandom random;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MDIncrementalRefreshBook46Encoder book = new MDIncrementalRefreshBook46Encoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
    private final int[] levels = new int[2];
    private long rptSeq;

    /**
     * @param securityId       the instrument.
     * @param entriesPerPacket entries per packet, even, at least 6.
     * @param seed             of the random levels and sizes.
     */
    public SyntheticBookPackets(final int securityId, final int entriesPerPacket, final long seed)
    {
        if (entriesPerPacket < 6 || (entriesPerPacket & 1) != 0)
        {
            throw new IllegalArgumentException("entriesPerPacket must be even and >= 6: " + entriesPerPacket);
        }
        this.securityId = securityId;
        this.entriesPerPacket = entriesPerPacket;
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param count packets to build.
     * @return the UDP payloads, MsgSeqNum 1..count.
     */
    public List<byte[]> packets(final int count)
    {
        final List<byte[]> packets = new ArrayList<>(count);
        for (int seq = 1; seq <= count; seq++)
        {
            packets.add(packet(seq));
        }
        return packets;
    }

    private byte[] packet(final long msgSeqNum)
    {
        buffer.putInt(0, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, START_TIME_NS + msgSeqNum * 10_000, ByteOrder.LITTLE_ENDIAN);
        final int messageStart = 12;
        book.wrapAndApplyHeader(buffer, messageStart + 2, header)
            .transactTime(START_TIME_NS + msgSeqNum * 10_000 - 1_500);
        book.matchEventIndicator().clear().lastQuoteMsg(true).endOfEvent(true);
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder entries = book.noMDEntriesCount(entriesPerPacket);
        final int perSide = entriesPerPacket / 2;
        for (int side = 0; side < 2; side++)
        {
            for (int i = 0; i < perSide; i++)
            {
                final int built = levels[side];
                if (built < DEPTH)
                {
                    levels[side] = built + 1;
                    entry(entries.next(), side, MDUpdateAction.New, built + 1);
                }
                else if (i == 0)
                {
                    entry(entries.next(), side, MDUpdateAction.New, 1 + random.nextInt(DEPTH));
                }
                else if (i == 1)
                {
                    entry(entries.next(), side, MDUpdateAction.Delete, 1 + random.nextInt(DEPTH));
                }
                else if (i == 2)
                {
                    entry(entries.next(), side, MDUpdateAction.New, DEPTH);
                }
                else
                {
                    entry(entries.next(), side, MDUpdateAction.Change, 1 + random.nextInt(DEPTH));
                }
            }
        }
        book.noOrderIDEntriesCount(0);
        final int messageLength = 2 + MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength();
        buffer.putShort(messageStart, (short)messageLength, ByteOrder.LITTLE_ENDIAN);
        final byte[] packet = new byte[messageStart + messageLength];
        buffer.getBytes(0, packet);
        return packet;
    }

    private void entry(
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder entry,
        final int side,
        final MDUpdateAction action,
        final int level)
    {
        final boolean bid = side == 0;
        final long price = bid ? MID - level * TICK : MID + level * TICK;
        if (action == MDUpdateAction.Delete)
        {
            entry.mDEntryPx().mantissa(price);
            entry.mDEntrySize(0).numberOfOrders(0);
        }
        else
        {
            entry.mDEntryPx().mantissa(price);
            entry.mDEntrySize(1 + random.nextInt(500)).numberOfOrders(1 + random.nextInt(40));
        }
        entry.securityID(securityId).rptSeq(++rptSeq).mDPriceLevel((short)level).mDUpdateAction(action)
            .mDEntryType(bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer).tradeableSize(Integer.MAX_VALUE);
    }
}
