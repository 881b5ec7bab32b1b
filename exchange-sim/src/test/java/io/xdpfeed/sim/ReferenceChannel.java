package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDEntryType;
import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A reference consumer written for the tests, independent of the simulator's own {@code FeedState}: decodes
 * incremental packets with the MDP3 decoders and keeps MBP books (outright and implied) as lists, with CME's book
 * rules. It asserts as it goes: RptSeq goes up by exactly 1 per instrument across templates 46/48/37 (restarting
 * at 1 after a ChannelReset4), and every book entry fits the book. Market by order (47, 53) is kept as orders by
 * OrderID per instrument: a New must bring a new id and a display quantity of at least 1, a Change or Delete must
 * name a resting order of the same side.
 */
final class ReferenceChannel
{
    private final int depth;
    private final Map<Integer, List<TruthBook.Level>[]> books = new HashMap<>();
    private final Map<Integer, List<TruthBook.Level>[]> implied = new HashMap<>();
    private final Map<Integer, Long> rptSeqs = new HashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MDIncrementalRefreshBook46Decoder book = new MDIncrementalRefreshBook46Decoder();
    private final MDIncrementalRefreshTradeSummary48Decoder trade = new MDIncrementalRefreshTradeSummary48Decoder();
    private final MDIncrementalRefreshVolume37Decoder volume = new MDIncrementalRefreshVolume37Decoder();
    private final SnapshotFullRefresh52Decoder snapshot = new SnapshotFullRefresh52Decoder();
    private final MDIncrementalRefreshOrderBook47Decoder orderBook = new MDIncrementalRefreshOrderBook47Decoder();
    private final SnapshotFullRefreshOrderBook53Decoder orderSnapshot = new SnapshotFullRefreshOrderBook53Decoder();
    private final Map<Integer, Map<Long, Resting>> orders = new HashMap<>();
    private long orderEntries;
    private long lastMsgSeqNum;
    private long resets;
    private long entries;

    ReferenceChannel(final int depth)
    {
        this.depth = depth;
    }

    /**
     * The A+B union: the first copy of every MsgSeqNum, by MsgSeqNum; duplicates must be byte-identical.
     */
    static SortedMap<Long, byte[]> incrementalUnion(final List<Datagram> datagrams)
    {
        final SortedMap<Long, byte[]> union = new TreeMap<>();
        for (final Datagram datagram : datagrams)
        {
            if (datagram.line().isIncremental())
            {
                final byte[] previous = union.putIfAbsent(datagram.msgSeqNum(), datagram.payload());
                if (previous != null)
                {
                    assertTrue(Arrays.equals(previous, datagram.payload()),
                        "every copy of MsgSeqNum " + datagram.msgSeqNum() + " is identical");
                }
            }
        }
        return union;
    }

    long lastMsgSeqNum()
    {
        return lastMsgSeqNum;
    }

    long resets()
    {
        return resets;
    }

    long entries()
    {
        return entries;
    }

    long orderEntries()
    {
        return orderEntries;
    }

    long rptSeq(final int securityId)
    {
        return rptSeqs.getOrDefault(securityId, 0L);
    }

    /**
     * Apply one incremental packet; packets must come in MsgSeqNum order without gaps (unless {@code afterGap}).
     */
    void applyPacket(final DirectBuffer buffer, final int length)
    {
        final long seq = buffer.getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        assertEquals(lastMsgSeqNum + 1, seq, "packets applied in MsgSeqNum order without gaps");
        lastMsgSeqNum = seq;
        int offset = Mdp3Packet.HEADER_LENGTH;
        while (offset < length)
        {
            final int size = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            applyMessage(buffer, offset, null);
            offset += size;
        }
    }

    /**
     * Apply only the entries of one instrument from a packet (replay after a snapshot), any MsgSeqNum.
     */
    void applyPacketFor(final DirectBuffer buffer, final int length, final int securityId)
    {
        int offset = Mdp3Packet.HEADER_LENGTH;
        while (offset < length)
        {
            final int size = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            applyMessage(buffer, offset, securityId);
            offset += size;
        }
    }

    /**
     * Replace an instrument's books and RptSeq with a SnapshotFullRefresh52 message at an offset (MsgSize first).
     *
     * @return the snapshot's LastMsgSeqNumProcessed.
     */
    long applySnapshot(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset + 2);
        assertEquals(SnapshotFullRefresh52Decoder.TEMPLATE_ID, header.templateId());
        snapshot.wrap(buffer, offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        final int securityId = snapshot.securityID();
        final List<TruthBook.Level>[] outright = sides(books, securityId);
        final List<TruthBook.Level>[] impliedSides = sides(implied, securityId);
        for (int i = 0; i < 2; i++)
        {
            outright[i].clear();
            impliedSides[i].clear();
        }
        for (final SnapshotFullRefresh52Decoder.NoMDEntriesDecoder entry : snapshot.noMDEntries())
        {
            final MDEntryType type = entry.mDEntryType();
            final List<TruthBook.Level> side = switch (type)
            {
                case Bid -> outright[0];
                case Offer -> outright[1];
                case ImpliedBid -> impliedSides[0];
                case ImpliedOffer -> impliedSides[1];
                default -> null;
            };
            if (side != null)
            {
                assertEquals(side.size() + 1, entry.mDPriceLevel(), "snapshot levels in order");
                side.add(new TruthBook.Level(entry.mDEntryPx().mantissa(), entry.mDEntrySize(),
                    entry.numberOfOrders()));
            }
        }
        rptSeqs.put(securityId, snapshot.rptSeq());
        return snapshot.lastMsgSeqNumProcessed();
    }

    /**
     * Apply one SnapshotFullRefreshOrderBook53 message at an offset (MsgSize first): chunk 1 replaces the
     * instrument's orders, later chunks add to them.
     *
     * @return the snapshot's LastMsgSeqNumProcessed.
     */
    long applyOrderSnapshot(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset + 2);
        assertEquals(SnapshotFullRefreshOrderBook53Decoder.TEMPLATE_ID, header.templateId());
        orderSnapshot.wrap(buffer, offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        final Map<Long, Resting> book = orders(orderSnapshot.securityID());
        if (orderSnapshot.currentChunk() == 1)
        {
            book.clear();
        }
        for (final SnapshotFullRefreshOrderBook53Decoder.NoMDEntriesDecoder entry : orderSnapshot.noMDEntries())
        {
            final MDEntryTypeBook type = entry.mDEntryType();
            assertTrue(type == MDEntryTypeBook.Bid || type == MDEntryTypeBook.Offer, "53 entry type " + type);
            assertTrue(entry.mDDisplayQty() >= 1, "display quantity of a resting order");
            final Resting previous = book.put(entry.orderID(), new Resting(type == MDEntryTypeBook.Bid,
                new TruthOrderBook.Order(entry.orderID(), entry.mDOrderPriority(), entry.mDEntryPx().mantissa(),
                entry.mDDisplayQty())));
            assertEquals(null, previous, "order " + entry.orderID() + " once per snapshot");
        }
        return orderSnapshot.lastMsgSeqNumProcessed();
    }

    /**
     * The market-by-order book of an instrument, in truth order.
     */
    TruthOrderBook orderBook(final int securityId)
    {
        final List<TruthOrderBook.Order> bids = new ArrayList<>();
        final List<TruthOrderBook.Order> asks = new ArrayList<>();
        for (final Resting resting : orders(securityId).values())
        {
            (resting.bid() ? bids : asks).add(resting.order());
        }
        bids.sort(TruthOrderBook.BID_ORDER);
        asks.sort(TruthOrderBook.ASK_ORDER);
        return new TruthOrderBook(bids, asks);
    }

    /**
     * Every market-by-order book seen.
     */
    SortedMap<Integer, TruthOrderBook> orderBooks()
    {
        final SortedMap<Integer, TruthOrderBook> result = new TreeMap<>();
        for (final Integer securityId : orders.keySet())
        {
            result.put(securityId, orderBook(securityId));
        }
        return result;
    }

    /**
     * The market-by-order book aggregated to price levels (size = sum of display quantities, orders = count), the
     * best {@code levels} of each side.
     */
    TruthBook aggregatedOrders(final int securityId, final int levels)
    {
        final TruthOrderBook book = orderBook(securityId);
        return new TruthBook(aggregate(book.bids(), levels), aggregate(book.asks(), levels));
    }

    private static List<TruthBook.Level> aggregate(final List<TruthOrderBook.Order> sorted, final int levels)
    {
        final List<TruthBook.Level> result = new ArrayList<>();
        int i = 0;
        while (i < sorted.size() && result.size() < levels)
        {
            final long price = sorted.get(i).price();
            long size = 0;
            int count = 0;
            while (i < sorted.size() && sorted.get(i).price() == price)
            {
                size += sorted.get(i).displayQuantity();
                count++;
                i++;
            }
            result.add(new TruthBook.Level(price, (int)size, count));
        }
        return result;
    }

    private Map<Long, Resting> orders(final int securityId)
    {
        return orders.computeIfAbsent(securityId, key -> new HashMap<>());
    }

    private void applyOrders(final DirectBuffer buffer, final int body, final Integer onlySecurityId)
    {
        orderBook.wrap(buffer, body, header.blockLength(), header.version());
        for (final MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder entry : orderBook.noMDEntries())
        {
            if (onlySecurityId != null && onlySecurityId != entry.securityID())
            {
                continue;
            }
            orderEntries++;
            final MDEntryTypeBook type = entry.mDEntryType();
            assertTrue(type == MDEntryTypeBook.Bid || type == MDEntryTypeBook.Offer, "47 entry type " + type);
            final boolean bid = type == MDEntryTypeBook.Bid;
            final Map<Long, Resting> book = orders(entry.securityID());
            final long orderId = entry.orderID();
            final TruthOrderBook.Order order = new TruthOrderBook.Order(orderId, entry.mDOrderPriority(),
                entry.mDEntryPx().mantissa(), entry.mDDisplayQty());
            switch (entry.mDUpdateAction())
            {
                case New ->
                {
                    assertTrue(entry.mDDisplayQty() >= 1, "display quantity of a new order");
                    assertEquals(null, book.put(orderId, new Resting(bid, order)), "New of a new order id " + orderId);
                }
                case Change ->
                {
                    assertTrue(entry.mDDisplayQty() >= 1, "display quantity of a changed order");
                    final Resting previous = book.put(orderId, new Resting(bid, order));
                    assertTrue(previous != null && previous.bid() == bid, "Change of resting order " + orderId);
                }
                case Delete ->
                {
                    final Resting previous = book.remove(orderId);
                    assertTrue(previous != null && previous.bid() == bid, "Delete of resting order " + orderId);
                }
                default -> fail("unexpected order action " + entry.mDUpdateAction());
            }
        }
    }

    /**
     * The outright books as truth, for every instrument seen.
     */
    SortedMap<Integer, TruthBook> outrightBooks()
    {
        final SortedMap<Integer, TruthBook> result = new TreeMap<>();
        books.forEach((securityId, sides) -> result.put(securityId, new TruthBook(sides[0], sides[1])));
        return result;
    }

    TruthBook outright(final int securityId)
    {
        final List<TruthBook.Level>[] sides = sides(books, securityId);
        return new TruthBook(sides[0], sides[1]);
    }

    TruthBook implied(final int securityId)
    {
        final List<TruthBook.Level>[] sides = sides(implied, securityId);
        return new TruthBook(sides[0], sides[1]);
    }

    private void applyMessage(final DirectBuffer buffer, final int offset, final Integer onlySecurityId)
    {
        header.wrap(buffer, offset + 2);
        final int body = offset + 2 + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case MDIncrementalRefreshBook46Decoder.TEMPLATE_ID ->
            {
                book.wrap(buffer, body, header.blockLength(), header.version());
                for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : book.noMDEntries())
                {
                    if (onlySecurityId != null && onlySecurityId != entry.securityID())
                    {
                        continue;
                    }
                    rptSeq(entry.securityID(), entry.rptSeq());
                    final MDEntryTypeBook type = entry.mDEntryType();
                    final boolean isImplied = type == MDEntryTypeBook.ImpliedBid ||
                        type == MDEntryTypeBook.ImpliedOffer;
                    final boolean bid = type == MDEntryTypeBook.Bid || type == MDEntryTypeBook.ImpliedBid;
                    final List<TruthBook.Level>[] sides = sides(isImplied ? implied : books, entry.securityID());
                    apply(sides[bid ? 0 : 1], isImplied ? SimulatorConfig.IMPLIED_DEPTH : depth,
                        entry.mDUpdateAction(), entry.mDPriceLevel(),
                        new TruthBook.Level(entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders()));
                    entries++;
                }
            }
            case MDIncrementalRefreshTradeSummary48Decoder.TEMPLATE_ID ->
            {
                trade.wrap(buffer, body, header.blockLength(), header.version());
                for (final MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder entry : trade.noMDEntries())
                {
                    if (onlySecurityId == null || onlySecurityId == entry.securityID())
                    {
                        rptSeq(entry.securityID(), entry.rptSeq());
                    }
                }
            }
            case MDIncrementalRefreshVolume37Decoder.TEMPLATE_ID ->
            {
                volume.wrap(buffer, body, header.blockLength(), header.version());
                for (final MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder entry : volume.noMDEntries())
                {
                    if (onlySecurityId == null || onlySecurityId == entry.securityID())
                    {
                        rptSeq(entry.securityID(), entry.rptSeq());
                    }
                }
            }
            case MDIncrementalRefreshOrderBook47Decoder.TEMPLATE_ID -> applyOrders(buffer, body, onlySecurityId);
            case ChannelReset4Decoder.TEMPLATE_ID ->
            {
                orders.values().forEach(Map::clear);
                assertEquals(null, onlySecurityId, "no replay across a channel reset in these tests");
                books.values().forEach(sides -> clear(sides));
                implied.values().forEach(sides -> clear(sides));
                rptSeqs.clear();
                resets++;
            }
            case SecurityStatus30Decoder.TEMPLATE_ID ->
            {
                // status does not change books or RptSeq
            }
            default -> fail("unexpected template " + header.templateId() + " on the incremental feed");
        }
    }

    /**
     * A resting order and its side.
     */
    private record Resting(boolean bid, TruthOrderBook.Order order)
    {
    }

    private void rptSeq(final int securityId, final long rptSeq)
    {
        final long previous = rptSeqs.getOrDefault(securityId, 0L);
        assertEquals(previous + 1, rptSeq, "RptSeq of " + securityId + " continues by 1");
        rptSeqs.put(securityId, rptSeq);
    }

    private static void clear(final List<TruthBook.Level>[] sides)
    {
        sides[0].clear();
        sides[1].clear();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<TruthBook.Level>[] sides(final Map<Integer, List<TruthBook.Level>[]> map, final int id)
    {
        return map.computeIfAbsent(id, key -> new List[]{new ArrayList<>(), new ArrayList<>()});
    }

    private static void apply(
        final List<TruthBook.Level> side, final int depth, final MDUpdateAction action, final int level,
        final TruthBook.Level value)
    {
        switch (action)
        {
            case New ->
            {
                assertTrue(level >= 1 && level <= side.size() + 1 && level <= depth, "New at level " + level +
                    " of a side with " + side.size() + " levels");
                side.add(level - 1, value);
                if (side.size() > depth)
                {
                    side.remove(depth);
                }
            }
            case Change, Overlay ->
            {
                assertTrue(level >= 1 && level <= side.size(), action + " at level " + level + " of " + side.size());
                side.set(level - 1, value);
            }
            case Delete ->
            {
                assertTrue(level >= 1 && level <= side.size(), "Delete at level " + level + " of " + side.size());
                side.remove(level - 1);
            }
            case DeleteThru -> side.clear();
            case DeleteFrom ->
            {
                assertTrue(level >= 1 && level <= side.size(), "DeleteFrom " + level + " of " + side.size());
                side.subList(0, level).clear();
            }
            default -> fail("unexpected MDUpdateAction " + action);
        }
    }
}
