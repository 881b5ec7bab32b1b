package io.xdpfeed.sim.wire;

import io.xdpfeed.codecs.mdp3.MDEntryType;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.codecs.mdp3.OpenCloseSettlFlag;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Encoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Encoder;
import io.xdpfeed.sim.market.Instrument;
import io.xdpfeed.sim.market.MbpBook;
import io.xdpfeed.sim.market.OrderFlow;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The market recovery loop: one SnapshotFullRefresh52 per instrument, one per packet, in SecurityID order, each cycle
 * with its own MsgSeqNum starting at 1 as CME's loop does.
 * <p>
 * A snapshot describes the channel as the incremental feed has published it up to LastMsgSeqNumProcessed
 * ({@link FeedState}): every outright level (MDEntryType 0/1, MDPriceLevel 1..n), every implied level (E/F), and the
 * electronic volume ('e') when there has been a trade; RptSeq is the instrument's last RptSeq, TotNumReports the
 * number of instruments in the loop. A channel reset restarts the loop at MsgSeqNum 1.
 * <p>
 * With market by order, each instrument's turn is a burst of packets with the same LastMsgSeqNumProcessed: its
 * SnapshotFullRefreshOrderBook53 chunks first (every order, bids then asks, best price then priority first;
 * NoChunks / CurrentChunk, at most {@link #ORDERS_PER_CHUNK} orders per packet, one empty chunk for an empty book),
 * then its SnapshotFullRefresh52; MsgSeqNum counts every packet of the cycle. The 53s come first so that a consumer
 * that takes an instrument live on its 52 already holds its orders.
 */
public final class SnapshotLoop
{
    /** Orders of one SnapshotFullRefreshOrderBook53: as many as fit one packet. */
    static final int ORDERS_PER_CHUNK = (Mdp3Packet.MAX_PAYLOAD - Mdp3Packet.HEADER_LENGTH - 2 -
        MessageHeaderEncoder.ENCODED_LENGTH - SnapshotFullRefreshOrderBook53Encoder.BLOCK_LENGTH - 3) / 29;

    private final SnapshotFullRefreshOrderBook53Encoder orderSnapshot = new SnapshotFullRefreshOrderBook53Encoder();
    private final boolean mbo;
    private final int maxPackets;
    private final int[] packetLengths;
    private int sequence;
    private long orderMessages;
    private final FeedState state;
    private final Instrument[] instruments;
    private final long lastUpdateTimeNs;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SnapshotFullRefresh52Encoder snapshot = new SnapshotFullRefresh52Encoder();
    private int tradeDate;
    private int position;
    private long cyclesCompleted;

    /**
     * @param state            what the incremental feed has said so far.
     * @param instruments      of the channel, in SecurityID order.
     * @param lastUpdateTimeNs LastUpdateTime of every snapshot.
     * @param mbo              also send each instrument's SnapshotFullRefreshOrderBook53 chunks.
     */
    public SnapshotLoop(
        final FeedState state, final Instrument[] instruments, final long lastUpdateTimeNs, final boolean mbo)
    {
        this.mbo = mbo;
        int maxOrders = 0;
        for (final Instrument instrument : instruments)
        {
            maxOrders = Math.max(maxOrders, 2 * instrument.bids.capacity() * OrderFlow.MAX_ORDERS_PER_LEVEL);
        }
        maxPackets = mbo ? 2 + (maxOrders + ORDERS_PER_CHUNK - 1) / ORDERS_PER_CHUNK : 1;
        packetLengths = new int[maxPackets];
        this.state = state;
        this.instruments = instruments;
        this.lastUpdateTimeNs = lastUpdateTimeNs;
    }

    /** TradeDate (days since the epoch) put in the snapshots. */
    public void tradeDate(final int tradeDate)
    {
        this.tradeDate = tradeDate;
    }

    /**
     * Start a new cycle with the next packet (after a channel reset).
     */
    public void restart()
    {
        position = 0;
        sequence = 0;
    }

    /**
     * Most packets one instrument's turn takes ({@link #nextPackets}), for sizing the buffer.
     */
    public int maxPackets()
    {
        return maxPackets;
    }

    /**
     * Offset of the i-th packet written by {@link #nextPackets}.
     */
    public static int packetOffset(final int index)
    {
        return index * Mdp3Packet.MAX_PAYLOAD;
    }

    /**
     * Length of the i-th packet written by {@link #nextPackets}.
     */
    public int packetLength(final int index)
    {
        return packetLengths[index];
    }

    /**
     * Write the next instrument's snapshot packets (the 53 chunks with market by order, then the 52) at
     * {@link #packetOffset(int)} 0, 1, ... of the buffer, which holds {@link #maxPackets()} packets.
     *
     * @return number of packets written.
     */
    public int nextPackets(final MutableDirectBuffer buffer, final long sendingTimeNs)
    {
        int count = 0;
        if (mbo)
        {
            final PublishedOrders orders = state.orders(position);
            final List<TruthOrderBook.Order> bids = orders.sorted(true);
            final List<TruthOrderBook.Order> asks = orders.sorted(false);
            final int total = bids.size() + asks.size();
            final int chunks = Math.max(1, (total + ORDERS_PER_CHUNK - 1) / ORDERS_PER_CHUNK);
            if (chunks + 1 > maxPackets)
            {
                throw new IllegalStateException("simulator bug: " + total + " orders need more than " + maxPackets +
                    " snapshot packets");
            }
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                packetLengths[count] = orderChunk(buffer, packetOffset(count), sendingTimeNs, bids, asks,
                    chunk, chunks);
                count++;
            }
        }
        packetLengths[count] = nextPacket(buffer, packetOffset(count), sendingTimeNs);
        return count + 1;
    }

    private int orderChunk(
        final MutableDirectBuffer buffer, final int offset, final long sendingTimeNs,
        final List<TruthOrderBook.Order> bids, final List<TruthOrderBook.Order> asks, final int chunk,
        final int chunks)
    {
        final Instrument instrument = instruments[position];
        final long transactTime = state.transactTime(position);
        Mdp3Packet.writeHeader(buffer, offset, ++sequence, sendingTimeNs);
        final int messageOffset = offset + Mdp3Packet.HEADER_LENGTH;
        final int first = chunk * ORDERS_PER_CHUNK;
        final int last = Math.min(bids.size() + asks.size(), first + ORDERS_PER_CHUNK);
        orderSnapshot.wrapAndApplyHeader(buffer, messageOffset + 2, header)
            .lastMsgSeqNumProcessed(state.lastMsgSeqNum())
            .totNumReports(instruments.length)
            .securityID(instrument.securityId)
            .noChunks(chunks)
            .currentChunk(chunk + 1)
            .transactTime(transactTime != 0 ? transactTime : sendingTimeNs);
        final SnapshotFullRefreshOrderBook53Encoder.NoMDEntriesEncoder group =
            orderSnapshot.noMDEntriesCount(last - first);
        for (int i = first; i < last; i++)
        {
            final boolean bid = i < bids.size();
            final TruthOrderBook.Order order = bid ? bids.get(i) : asks.get(i - bids.size());
            group.next()
                .orderID(order.orderId())
                .mDOrderPriority(order.priority())
                .mDDisplayQty((int)order.displayQuantity())
                .mDEntryType(bid ? MDEntryTypeBook.Bid : MDEntryTypeBook.Offer)
                .mDEntryPx().mantissa(order.price());
        }
        final int length = 2 + MessageHeaderEncoder.ENCODED_LENGTH + orderSnapshot.encodedLength();
        buffer.putShort(messageOffset, (short)length, ByteOrder.LITTLE_ENDIAN);
        orderMessages++;
        return Mdp3Packet.HEADER_LENGTH + length;
    }

    /**
     * @return SnapshotFullRefreshOrderBook53 messages sent.
     */
    public long orderMessages()
    {
        return orderMessages;
    }

    /** Full passes over the instruments. */
    public long cyclesCompleted()
    {
        return cyclesCompleted;
    }

    /**
     * Whether the next packet starts a cycle.
     */
    public boolean atCycleStart()
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
        Mdp3Packet.writeHeader(buffer, offset, ++sequence, sendingTimeNs);
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

        position++;
        if (position == instruments.length)
        {
            position = 0;
            sequence = 0;
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
