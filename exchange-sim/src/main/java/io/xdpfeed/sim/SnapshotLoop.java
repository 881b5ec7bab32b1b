package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.MDEntryType;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.codecs.mdp3.OpenCloseSettlFlag;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Encoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The market recovery loop: one SnapshotFullRefresh52 per instrument, one per packet, in SecurityID order, each cycle
 * with its own MsgSeqNum starting at 1 as CME's loop does.
 * <p>
 * A snapshot describes the channel as the incremental feed has published it up to LastMsgSeqNumProcessed
 * ({@link FeedState}): every outright level (MDEntryType 0/1, MDPriceLevel 1..n), every implied level (E/F), and the
 * electronic volume ('e') when there has been a trade; RptSeq is the instrument's last RptSeq, TotNumReports the
 * number of instruments in the loop. A channel reset restarts the loop at MsgSeqNum 1.
 */
final class SnapshotLoop
{
    private final FeedState state;
    private final Instrument[] instruments;
    private final long lastUpdateTimeNs;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SnapshotFullRefresh52Encoder snapshot = new SnapshotFullRefresh52Encoder();
    private int tradeDate;
    private int position;
    private long packets;
    private long cyclesCompleted;

    SnapshotLoop(final FeedState state, final Instrument[] instruments, final long lastUpdateTimeNs)
    {
        this.state = state;
        this.instruments = instruments;
        this.lastUpdateTimeNs = lastUpdateTimeNs;
    }

    void tradeDate(final int tradeDate)
    {
        this.tradeDate = tradeDate;
    }

    /**
     * Start a new cycle with the next packet (after a channel reset).
     */
    void restart()
    {
        position = 0;
    }

    long packets()
    {
        return packets;
    }

    long cyclesCompleted()
    {
        return cyclesCompleted;
    }

    /**
     * Whether the next packet starts a cycle.
     */
    boolean atCycleStart()
    {
        return position == 0;
    }

    /**
     * Write the next snapshot packet.
     *
     * @return its length.
     */
    int nextPacket(final MutableDirectBuffer buffer, final int offset, final long sendingTimeNs)
    {
        final int index = position;
        Mdp3Packet.writeHeader(buffer, offset, index + 1, sendingTimeNs);
        final int messageOffset = offset + Mdp3Packet.HEADER_LENGTH;
        final Instrument instrument = instruments[index];
        final MbpBook book = state.book(index);
        final MbpBook implied = state.impliedBook(index);
        final long volume = state.volume(index);
        final long transactTime = state.transactTime(index);
        final int entries = book.bids().count() + book.asks().count() + implied.bids().count() +
            implied.asks().count() + (volume > 0 ? 1 : 0);

        snapshot.wrapAndApplyHeader(buffer, messageOffset + 2, header)
            .lastMsgSeqNumProcessed(state.lastMsgSeqNum())
            .totNumReports(instruments.length)
            .securityID(instrument.securityId)
            .rptSeq(state.rptSeq(index))
            .transactTime(transactTime != 0 ? transactTime : sendingTimeNs)
            .lastUpdateTime(lastUpdateTimeNs)
            .tradeDate(tradeDate)
            .mDSecurityTradingStatus(state.status(index));
        snapshot.highLimitPrice().mantissa(Long.MAX_VALUE);
        snapshot.lowLimitPrice().mantissa(Long.MAX_VALUE);
        snapshot.maxPriceVariation().mantissa(Long.MAX_VALUE);
        final SnapshotFullRefresh52Encoder.NoMDEntriesEncoder group = snapshot.noMDEntriesCount(entries);
        levels(group, book.bids(), MDEntryType.Bid);
        levels(group, book.asks(), MDEntryType.Offer);
        levels(group, implied.bids(), MDEntryType.ImpliedBid);
        levels(group, implied.asks(), MDEntryType.ImpliedOffer);
        if (volume > 0)
        {
            entry(group, Long.MAX_VALUE, (int)volume, SnapshotFullRefresh52Encoder.NoMDEntriesEncoder
                .numberOfOrdersNullValue(), SnapshotFullRefresh52Encoder.NoMDEntriesEncoder.mDPriceLevelNullValue(),
                MDEntryType.ElectronicVolume);
        }
        final int length = 2 + MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength();
        buffer.putShort(messageOffset, (short)length, ByteOrder.LITTLE_ENDIAN);

        packets++;
        position++;
        if (position == instruments.length)
        {
            position = 0;
            cyclesCompleted++;
        }
        return Mdp3Packet.HEADER_LENGTH + length;
    }

    private static void levels(
        final SnapshotFullRefresh52Encoder.NoMDEntriesEncoder group, final MbpBook.Side side, final MDEntryType type)
    {
        for (int i = 0; i < side.count(); i++)
        {
            entry(group, side.price(i), side.size(i), side.orders(i), (byte)(i + 1), type);
        }
    }

    private static void entry(
        final SnapshotFullRefresh52Encoder.NoMDEntriesEncoder group, final long price, final int size,
        final int orderCount, final byte level, final MDEntryType type)
    {
        group.next()
            .mDEntrySize(size)
            .numberOfOrders(orderCount)
            .mDPriceLevel(level)
            .tradingReferenceDate(SnapshotFullRefresh52Encoder.NoMDEntriesEncoder.tradingReferenceDateNullValue())
            .openCloseSettlFlag(OpenCloseSettlFlag.NULL_VAL)
            .mDEntryType(type)
            .mDEntryPx().mantissa(price);
        group.settlPriceType().clear();
    }
}
