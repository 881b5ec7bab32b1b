package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.ItchTruth;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;
import io.xdpfeed.sim.wire.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated ITCH session ({@code exchange-sim --protocol itch}) written to a pcap with loss on line A and on line
 * B, replayed from the file through {@link PcapPacketSource} into an {@link ItchBookBuilder}: its MBP books and its
 * orders end equal to the simulator's own truth, every message applied once, and so do the MBP books a subscriber
 * keeps from the published level events alone.
 */
@Timeout(60)
class ItchSessionReplayTest
{
    private static final int DEPTH = 10;

    @Test
    void replayEndsEqualToTheTruthUnderLossOnEitherLine(@TempDir final Path dir)
    {
        final ItchSession session = new ItchSession(new ItchSession.Settings(8, 20_000, 42, 0.03, 0.03,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()));
        final Path pcap = dir.resolve("itch.pcap");
        try (PcapWriter writer = new PcapWriter(pcap, ItchSession.Settings.defaultChannel(), 1))
        {
            session.run(writer);
        }
        final ItchTruth truth = session.truth();

        // what a subscriber keeps: MBP sides of DEPTH levels fed only by the published level events
        final Map<Integer, MbpSide[]> mirrors = new TreeMap<>();
        final ItchBookBuilder builder = new ItchBookBuilder(new ItchListener()
        {
            @Override
            public void onLevel(
                final int locate, final boolean bid, final BookAction action, final int level, final long price,
                final long size, final int orderCount)
            {
                final MbpSide side = mirrors.computeIfAbsent(locate,
                    k -> new MbpSide[]{new MbpSide(DEPTH), new MbpSide(DEPTH)})[bid ? 0 : 1];
                switch (action)
                {
                    case NEW -> side.add(level, price, size, orderCount);
                    case CHANGE -> side.change(level, price, size, orderCount);
                    case DELETE -> side.delete(level);
                    default -> throw new AssertionError(action);
                }
            }
        }, 1 << 16, 16, DEPTH);
        try (PcapPacketSource source = PcapPacketSource.open(pcap))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, receiveTimeNs) ->
                    builder.onPacket(buffer, offset, length), 64);
            }
            assertEquals(0, source.badChecksums());
        }

        assertEquals(session.nextSequence(), builder.nextSequence());
        assertEquals(session.nextSequence() - 1, builder.count(Count.MESSAGES), "every message applied once");
        assertTrue(builder.count(Count.DUPLICATES) > 10_000,
            "line B's copies skipped: " + builder.count(Count.DUPLICATES));
        assertEquals(0, builder.count(Count.GAPS) + builder.count(Count.UNKNOWN_ORDERS) +
            builder.count(Count.REFUSED_ORDERS) + builder.malformedTotal());

        final Map<Integer, TruthBook> books = truth.books(DEPTH);
        assertEquals(8, books.size());
        int deepSides = 0;
        for (final Map.Entry<Integer, TruthBook> entry : books.entrySet())
        {
            final int locate = entry.getKey();
            assertEquals("SIM" + locate, ItchMessages.symbol(builder.stocks().symbol(locate)));
            assertEquals(entry.getValue(), new TruthBook(levels(builder.levels(locate, true), DEPTH),
                levels(builder.levels(locate, false), DEPTH)), "MBP book of locate " + locate);
            final MbpSide[] mirror = mirrors.get(locate);
            assertEquals(entry.getValue(), new TruthBook(levels(mirror[0], DEPTH), levels(mirror[1], DEPTH)),
                "subscriber's mirror of locate " + locate);
            deepSides += entry.getValue().bids().size() == DEPTH ? 1 : 0;
            deepSides += entry.getValue().asks().size() == DEPTH ? 1 : 0;
        }
        assertTrue(deepSides > 0, "some sides are deeper than the levels kept, so the refill path is exercised");
        assertEquals(truth.orderBooks(), orderBooks(builder.orders(), truth));
    }

    /**
     * The published levels: the ladder's first {@code depth} (the rest is its reserve).
     */
    static List<TruthBook.Level> levels(final MbpSide side, final int depth)
    {
        final List<TruthBook.Level> levels = new ArrayList<>();
        for (int level = 1; level <= Math.min(depth, side.count()); level++)
        {
            levels.add(new TruthBook.Level(side.price(level), (int)side.size(level), side.orderCount(level)));
        }
        return levels;
    }

    /**
     * The builder's orders in the truth's shape; ITCH has no priority field, so the priority is taken from the truth
     * by order id (the comparison is of ids, sides, stocks, prices and shares).
     */
    static Map<Integer, TruthOrderBook> orderBooks(final ItchOrders orders, final ItchTruth truth)
    {
        final Map<Integer, List<TruthOrderBook.Order>> bids = new TreeMap<>();
        final Map<Integer, List<TruthOrderBook.Order>> asks = new TreeMap<>();
        for (int handle = orders.nextLive(0); handle != ItchOrders.ABSENT; handle = orders.nextLive(handle + 1))
        {
            final long orderId = orders.reference(handle);
            final ItchTruth.Order known = truth.order(orderId);
            final long priority = known == null ? -1 : known.priority();
            final int locate = orders.locate(handle);
            (orders.isBid(handle) ? bids : asks).computeIfAbsent(locate, k -> new ArrayList<>())
                .add(new TruthOrderBook.Order(orderId, priority, orders.price4(handle) * ItchMessages.PRICE4_TO_PRICE9, orders.shares(handle)));
        }
        final Map<Integer, TruthOrderBook> books = new TreeMap<>();
        for (final int locate : truth.symbols().keySet())
        {
            final List<TruthOrderBook.Order> b = bids.getOrDefault(locate, new ArrayList<>());
            final List<TruthOrderBook.Order> a = asks.getOrDefault(locate, new ArrayList<>());
            b.sort(TruthOrderBook.BID_ORDER);
            a.sort(TruthOrderBook.ASK_ORDER);
            books.put(locate, new TruthOrderBook(b, a));
        }
        return books;
    }
}
