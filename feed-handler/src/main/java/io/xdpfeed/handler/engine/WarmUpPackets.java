package io.xdpfeed.handler.engine;

import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.handler.protocol.SyntheticPackets;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Synthetic incremental packets for one channel: MsgSeqNum 1, 2, ... each with one MDIncrementalRefreshBook46 of 12
 * MBP entries for one of a few instruments in turn, RptSeq 1.. per instrument. An instrument's first packets build
 * ten levels a side; after that every packet changes both sides of its depth-10 book and leaves it at depth 10, per
 * side in this order: New at a random level (the last level falls off), Delete at a random level, New at level 10,
 * then Change at random levels (3 a side), so the book code takes its insert, shift, delete and change branches in
 * varied order, as on real traffic. MatchEventIndicator LastQuoteMsg | EndOfEvent; bids below asks, one tick apart.
 * <p>
 * The one builder of these packets: the handler's warm-up and the benchmarks' synthetic dataset (one instrument)
 * both use it. The warm-up's four instruments are two with ids from {@link #FIRST_SECURITY_ID} (large, as CME's
 * are) and two from {@link #FIRST_SMALL_SECURITY_ID} (below 65,536, as the simulator's and ITCH's are): the
 * instrument directory finds the two kinds by different code (a table, an index), and the live engine must find both
 * compiled. They run on the warm-up's scratch engines only, so they cannot meet a real instrument. Written into the
 * caller's buffer; no allocation per packet.
 */
public final class WarmUpPackets implements SyntheticPackets
{
    /** The first of the warm-up's large securityIds. */
    public static final int FIRST_SECURITY_ID = 2_000_000_000;
    /** The first of the warm-up's small securityIds. */
    public static final int FIRST_SMALL_SECURITY_ID = 1;
    /** Instruments per channel. */
    public static final int INSTRUMENTS = 4;
    /** MBP entries per packet. */
    public static final int ENTRIES = 12;
    /** Bytes a packet needs. */
    public static final int MAX_LENGTH = 512;

    private static final int DEPTH = 10;
    private static final long TICK = 250_000_000L;
    private static final long MID = 4_500_000_000_000L;
    private static final int MESSAGE_START = 12;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MDIncrementalRefreshBook46Encoder book = new MDIncrementalRefreshBook46Encoder();
    private final SplittableRandom random;
    private final int[] securityIds;
    private final int[] levels;
    private final long[] rptSeqs;
    private long msgSeqNum;

    /**
     * The warm-up's packets: {@link #INSTRUMENTS} instruments, two from {@link #FIRST_SECURITY_ID} and two from
     * {@link #FIRST_SMALL_SECURITY_ID}, in turn.
     *
     * @param seed of the levels and sizes.
     */
    public WarmUpPackets(final long seed)
    {
        this(new int[]{ FIRST_SECURITY_ID, FIRST_SMALL_SECURITY_ID, FIRST_SECURITY_ID + 1, FIRST_SMALL_SECURITY_ID + 1 },
            seed);
    }

    /**
     * @param firstSecurityId the first instrument's securityId; the others follow.
     * @param instruments     how many instruments the packets take turns over, at least 1.
     * @param seed            of the levels and sizes.
     */
    public WarmUpPackets(final int firstSecurityId, final int instruments, final long seed)
    {
        this(consecutive(firstSecurityId, instruments), seed);
    }

    private WarmUpPackets(final int[] securityIds, final long seed)
    {
        this.random = new SplittableRandom(seed);
        this.securityIds = securityIds;
        this.levels = new int[securityIds.length * 2];
        this.rptSeqs = new long[securityIds.length];
    }

    private static int[] consecutive(final int first, final int count)
    {
        final int[] ids = new int[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = first + i;
        }
        return ids;
    }

    /**
     * Write the next packet.
     *
     * @param buffer        where, from offset 0, at least {@link #MAX_LENGTH} bytes.
     * @param sendingTimeNs the packet header's SendingTime, epoch ns.
     * @return the packet's length.
     */
    public int next(final MutableDirectBuffer buffer, final long sendingTimeNs)
    {
        final long seq = ++msgSeqNum;
        final int instrument = (int)(seq % rptSeqs.length);
        buffer.putInt(0, (int)seq, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
        book.wrapAndApplyHeader(buffer, MESSAGE_START + 2, header).transactTime(sendingTimeNs - 1_500);
        book.matchEventIndicator().clear().lastQuoteMsg(true).endOfEvent(true);
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder entries = book.noMDEntriesCount(ENTRIES);
        for (int side = 0; side < 2; side++)
        {
            final int slot = instrument * 2 + side;
            for (int i = 0; i < ENTRIES / 2; i++)
            {
                final int built = levels[slot];
                if (built < DEPTH)
                {
                    levels[slot] = built + 1;
                    entry(entries.next(), instrument, side, MDUpdateAction.New, built + 1);
                }
                else
                {
                    final MDUpdateAction action = i == 0 ? MDUpdateAction.New :
                        i == 1 ? MDUpdateAction.Delete : i == 2 ? MDUpdateAction.New : MDUpdateAction.Change;
                    entry(entries.next(), instrument, side, action, i == 2 ? DEPTH : 1 + random.nextInt(DEPTH));
                }
            }
        }
        book.noOrderIDEntriesCount(0);
        final int messageLength = 2 + MessageHeaderEncoder.ENCODED_LENGTH + book.encodedLength();
        buffer.putShort(MESSAGE_START, (short)messageLength, ByteOrder.LITTLE_ENDIAN);
        return MESSAGE_START + messageLength;
    }

    private void entry(
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder entry,
        final int instrument,
        final int side,
        final MDUpdateAction action,
        final int level)
    {
        final boolean bid = side == 0;
        entry.mDEntryPx().mantissa(bid ? MID - level * TICK : MID + level * TICK);
        if (action == MDUpdateAction.Delete)
        {
            entry.mDEntrySize(0).numberOfOrders(0);
        }
        else
        {
            entry.mDEntrySize(1 + random.nextInt(500)).numberOfOrders(1 + random.nextInt(40));
        }
        entry.securityID(securityIds[instrument]).rptSeq(++rptSeqs[instrument]).mDPriceLevel((short)level)
            .mDUpdateAction(action).mDEntryType(bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer)
            .tradeableSize(Integer.MAX_VALUE);
    }
}
