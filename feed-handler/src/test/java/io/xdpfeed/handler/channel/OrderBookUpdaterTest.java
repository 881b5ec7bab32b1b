package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.BookEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderIdEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.SnapshotOrder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import io.xdpfeed.handler.testing.RecordingChannelListener.Channel;
import io.xdpfeed.handler.testing.RecordingChannelListener.Level;
import io.xdpfeed.handler.testing.RecordingChannelListener.Order;
import io.xdpfeed.handler.testing.RecordingChannelListener.OrderSnapshot;
import io.xdpfeed.handler.testing.RecordingChannelListener.Snapshot;
import io.xdpfeed.handler.testing.RecordingChannelListener.Status;
import io.xdpfeed.handler.testing.RecordingChannelListener.Update;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class OrderBookUpdaterTest
{
    private static final long NULL = Long.MAX_VALUE;
    private static final short READY_TO_TRADE = 17;
    private static final short NO_STATUS = 255;
    private static final int NEW = 0;
    private static final int CHANGE = 1;
    private static final int DELETE = 2;

    private final ChannelHarness harness = new ChannelHarness(ChannelOptions.defaults().withMbo(true));

    private static OrderEntry order(final long orderId, final long priority, final long price, final int qty,
        final int action, final char side)
    {
        return new OrderEntry(1, orderId, priority, price, qty, action, side);
    }

    private static Order bidOrder(final long seqNum, final OrderAction action, final long orderId, final long priority,
        final long price, final long qty, final boolean endOfEvent)
    {
        return new Order(1, seqNum, Side.BID, action, orderId, priority, price, qty, endOfEvent);
    }

    private static Order askOrder(final long seqNum, final OrderAction action, final long orderId, final long priority,
        final long price, final long qty, final boolean endOfEvent)
    {
        return new Order(1, seqNum, Side.ASK, action, orderId, priority, price, qty, endOfEvent);
    }

    private String orders(final int securityId)
    {
        return RecordingChannelListener.orders(harness.channel.instrumentById(securityId).orderBook());
    }

    @Test
    void appliesAndPublishesOrderAddModifyDeleteAndClear()
    {
        harness.incremental(1, b -> b.orderBook47(END_OF_EVENT,
            order(501, 10, 100, 5, NEW, '0'),
            order(502, 11, 101, 2, NEW, '1'),
            order(503, 12, 100, 3, NEW, '0')));
        harness.incremental(2, b -> b.orderBook47(0,
            order(501, 13, 99, 4, CHANGE, '0'),
            order(502, 0, 101, 0, DELETE, '1'),
            order(777, 0, 101, 0, DELETE, '1')));
        assertEquals(List.of(
            bidOrder(1, OrderAction.ADD, 501, 10, 100, 5, false),
            askOrder(1, OrderAction.ADD, 502, 11, 101, 2, false),
            bidOrder(1, OrderAction.ADD, 503, 12, 100, 3, true),
            bidOrder(2, OrderAction.MODIFY, 501, 13, 99, 4, false),
            askOrder(2, OrderAction.DELETE, 502, 11, 101, 0, false)), harness.listener.take());
        assertEquals("B 503@100x3#12, B 501@99x4#13", orders(1));
        assertEquals(1, harness.channel.ignoredOrderEntries());

        harness.incremental(3, b -> b.orderBook47(END_OF_EVENT, order(0, 0, NULL, 0, NEW, 'J')));
        assertEquals(List.of(bidOrder(3, OrderAction.CLEAR, 0, 0, NULL, 0, true)), harness.listener.take());
        assertEquals("", orders(1));
        assertEquals(6, harness.channel.orderEvents());
    }

    @Test
    void appliesTheOrderIdGroupOfBook46WithPriceAndSideOfTheReferencedEntry()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 1, NEW, '0', 1, 100, 8, 2), book(1, 2, NEW, '1', 1, 101, 4, 1)},
            new OrderIdEntry(601, 20, 5, 1, NEW),
            new OrderIdEntry(602, 21, 3, 1, NEW),
            new OrderIdEntry(603, 22, 4, 2, NEW),
            new OrderIdEntry(604, 23, 4, 9, NEW)));
        assertEquals(List.of(
            bidOrder(1, OrderAction.ADD, 601, 20, 100, 5, false),
            bidOrder(1, OrderAction.ADD, 602, 21, 100, 3, false),
            askOrder(1, OrderAction.ADD, 603, 22, 101, 4, false),
            new Update(1, 1, 2, true, List.of(
                new Level(Side.BID, LevelType.OUTRIGHT, BookAction.NEW, 1, 100, 8, 2),
                new Level(Side.ASK, LevelType.OUTRIGHT, BookAction.NEW, 1, 101, 4, 1)))),
            harness.listener.take());
        assertEquals(1, harness.channel.ignoredOrderEntries());

        harness.incremental(2, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 3, CHANGE, '0', 1, 100, 3, 1)},
            new OrderIdEntry(601, 20, 5, 1, DELETE)));
        assertEquals(List.of(
            bidOrder(2, OrderAction.DELETE, 601, 20, 100, 0, false),
            new Update(1, 2, 3, true, List.of(
                new Level(Side.BID, LevelType.OUTRIGHT, BookAction.CHANGE, 1, 100, 3, 1)))),
            harness.listener.take());
        assertEquals("B 602@100x3#21, A 603@101x4#22", orders(1));

        harness.incremental(3, b -> b.book46(END_OF_EVENT, new BookEntry[]{book(1, 4, NEW, 'J', 0, NULL, 0, 0)}));
        assertEquals(new Order(1, 3, Side.BID, OrderAction.CLEAR, 0, 0, NULL, 0, false),
            harness.listener.take().get(0));
        assertEquals("", orders(1));
    }

    @Test
    void recoversFromA52AndA53InChunksReplayingQueuedOrderEntriesAfterItsLastMsgSeqNumProcessed()
    {
        // late start at 100: the channel queues 100..103 while it waits for both snapshots
        harness.incremental(100, b -> b.orderBook47(END_OF_EVENT, order(701, 1, 100, 1, NEW, '0')));
        harness.incremental(101, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 11, NEW, '0', 1, 100, 3, 2)}, new OrderIdEntry(702, 2, 2, 1, NEW)));
        harness.incremental(102, b -> b.orderBook47(END_OF_EVENT, order(703, 3, 99, 7, NEW, '0')));
        harness.incremental(103, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 12, NEW, '1', 1, 105, 6, 1)}, new OrderIdEntry(704, 4, 6, 1, NEW)));
        assertEquals(List.of(new Channel(FeedStatus.STALE, 1, 99, 1)), harness.listener.take());

        // the 52 includes 101: alone it does not make the instrument LIVE
        harness.snapshot(200_000, b -> b.snapshot52(101, 1, 1, 11, level('0', 1, 100, 3, 2)));
        assertEquals(List.of(), harness.listener.events());
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(1).feedStatus());

        // the 53 includes 102, in two chunks: the order entries of 100..102 are in it, 103 is replayed
        harness.snapshot(201_000, b -> b.snapshot53(102, 1, 1, 2, 1,
            new SnapshotOrder(701, 1, 100, 1, '0'), new SnapshotOrder(702, 2, 100, 2, '0')));
        assertEquals(List.of(), harness.listener.events());
        harness.snapshot(202_000, b -> b.snapshot53(102, 1, 1, 2, 2, new SnapshotOrder(703, 3, 99, 7, '0')));

        assertEquals(List.of(
            new Snapshot(1, 0, 103, FeedStatus.LIVE, "bids=[100x3(2)] asks=[105x6(1)]"),
            new OrderSnapshot(1, 103, FeedStatus.LIVE, "B 701@100x1#1, B 702@100x2#2, B 703@99x7#3, A 704@105x6#4"),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE),
            new Channel(FeedStatus.RECOVERING, 1, 99, 1),
            new Channel(FeedStatus.LIVE, 1, 99, 1)), harness.listener.take());
        assertEquals(List.of("join S", "leave S"), harness.feedRequests);
        assertEquals(2, harness.channel.replayedPackets());

        harness.incremental(104, b -> b.orderBook47(END_OF_EVENT, order(703, 3, 0, 0, DELETE, '0')));
        assertEquals(List.of(bidOrder(104, OrderAction.DELETE, 703, 3, 99, 0, true)), harness.listener.take());
    }

    @Test
    void a53BeforeThe52WaitsForItAndReplaysFromTheOlderOfTheTwo()
    {
        harness.incremental(50, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 5, NEW, '0', 1, 100, 1, 1)}, new OrderIdEntry(801, 1, 1, 1, NEW)));
        harness.incremental(51, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 6, CHANGE, '0', 1, 100, 3, 2)}, new OrderIdEntry(802, 2, 2, 1, NEW)));
        harness.incremental(52, b -> b.orderBook47(END_OF_EVENT, order(801, 1, 100, 0, DELETE, '0')));
        harness.listener.take();

        // 53 through 50, 52 through 51: orders replay 51 and 52, levels replay 52 (nothing for them)
        harness.snapshot(1_000, b -> b.snapshot53(50, 1, 1, 1, 1, new SnapshotOrder(801, 1, 100, 1, '0')));
        assertEquals(List.of(), harness.listener.events());
        harness.snapshot(2_000, b -> b.snapshot52(51, 1, 1, 6, level('0', 1, 100, 3, 2)));

        assertEquals(List.of(
            new Snapshot(1, 0, 52, FeedStatus.LIVE, "bids=[100x3(2)] asks=[]"),
            new OrderSnapshot(1, 52, FeedStatus.LIVE, "B 802@100x2#2"),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE),
            new Channel(FeedStatus.RECOVERING, 1, 49, 1),
            new Channel(FeedStatus.LIVE, 1, 49, 1)), harness.listener.take());
    }

    @Test
    void chunksOutOfOrderRestartTheAssemblyAtTheNextFirstChunk()
    {
        harness.incremental(10, b -> b.orderBook47(END_OF_EVENT, order(901, 1, 100, 1, NEW, '1')));
        harness.snapshot(1_000, b -> b.snapshot52(10, 2, 1, 0));
        harness.snapshot(2_000, b -> b.snapshot53(10, 2, 1, 3, 1, new SnapshotOrder(901, 1, 100, 1, '1')));
        harness.snapshot(3_000, b -> b.snapshot53(10, 2, 1, 3, 3, new SnapshotOrder(903, 3, 100, 1, '1')));
        assertEquals(1, harness.channel.brokenOrderSnapshotChunks());
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(1).feedStatus());
        harness.listener.take();

        harness.snapshot(4_000, b -> b.snapshot53(10, 2, 1, 3, 1, new SnapshotOrder(901, 1, 100, 1, '1')));
        harness.snapshot(5_000, b -> b.snapshot53(10, 2, 1, 3, 2, new SnapshotOrder(902, 2, 100, 1, '1')));
        harness.snapshot(6_000, b -> b.snapshot53(10, 2, 1, 3, 3, new SnapshotOrder(903, 3, 100, 1, '1')));
        assertEquals(FeedStatus.LIVE, harness.channel.instrumentById(1).feedStatus());
        assertEquals("A 901@100x1#1, A 902@100x1#2, A 903@100x1#3", orders(1));
    }

    @Test
    void aLossRecoversOrderBooksAndAnInstrumentWithoutA53InAWholeLoopHasNoOrders()
    {
        harness.incremental(1, b -> b
            .orderBook47(END_OF_EVENT, order(1001, 1, 100, 1, NEW, '0'))
            .orderBook47(END_OF_EVENT, new OrderEntry(2, 2001, 1, 200, 1, NEW, '1')));
        harness.incremental(ChannelHarness.LINE_A, 3, 10_000, b -> b.orderBook47(END_OF_EVENT,
            order(1002, 2, 100, 2, NEW, '0'), new OrderEntry(2, 2001, 1, 200, 0, DELETE, '1')));
        harness.expire();
        harness.listener.take();
        assertFalse(harness.channel.instrumentById(1).isLive());
        assertFalse(harness.channel.instrumentById(2).isLive());

        harness.snapshot(20_000, b -> b.snapshot52(3, 2, 1, 0));
        harness.snapshot(21_000, b -> b.snapshot52(3, 2, 2, 0));
        // a whole MBO loop (TotNumReports 1) without instrument 2: it has no orders
        harness.snapshot(22_000, b -> b.snapshot53(3, 1, 1, 1, 1,
            new SnapshotOrder(1001, 1, 100, 1, '0'), new SnapshotOrder(1002, 2, 100, 2, '0')));
        assertTrue(harness.channel.instrumentById(1).isLive());
        assertTrue(harness.channel.instrumentById(2).isLive());
        assertEquals("", orders(2));
        assertEquals("B 1001@100x1#1, B 1002@100x2#2", orders(1));
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
    }

    @Test
    void channelResetEmptiesTheOrderBooksAndPublishesThem()
    {
        harness.incremental(1, b -> b.orderBook47(END_OF_EVENT, order(1101, 1, 100, 1, NEW, '0')));
        harness.listener.take();
        harness.incremental(2, b -> b.reset4());
        assertEquals(List.of(
            new Snapshot(1, 0, 2, FeedStatus.LIVE, "bids=[] asks=[]"),
            new OrderSnapshot(1, 2, FeedStatus.LIVE, "")), harness.listener.take());
        assertEquals("", orders(1));
        harness.incremental(3, b -> b.orderBook47(END_OF_EVENT, order(1102, 2, 100, 1, NEW, '0')));
        assertEquals("B 1102@100x1#2", orders(1));
    }

    @Test
    void aFullBookRefusesTheOrderCountsItAndTheInstrumentGoesStaleUntilASnapshotThatFits()
    {
        final ChannelHarness small = new ChannelHarness(
            ChannelOptions.defaults().withMbo(true).withMaxOrdersPerBook(2));
        small.incremental(1, b -> b.orderBook47(END_OF_EVENT,
            order(1, 1, 100, 1, NEW, '0'), order(2, 2, 100, 1, NEW, '0'), order(3, 3, 100, 1, NEW, '0')));
        // the book lacks order 3 from now on: not LIVE (trust first), recovered from the snapshot feed
        assertEquals(List.of(
            bidOrder(1, OrderAction.ADD, 1, 1, 100, 1, false),
            bidOrder(1, OrderAction.ADD, 2, 2, 100, 1, false),
            new Status(1, FeedStatus.STALE, NO_STATUS),
            new Update(1, 1, 0, true, List.of())), small.listener.take(), "the refused last order still ends the event");
        assertEquals(1, small.channel.orderOverflows());
        assertEquals(FeedStatus.STALE, small.channel.instrumentById(1).feedStatus());
        assertEquals(List.of("join S"), small.feedRequests);

        // a snapshot of three orders does not fit either: not used, the instrument stays STALE
        small.snapshot(1_000, b -> b.snapshot52(1, 1, 1, 0));
        small.snapshot(2_000, b -> b.snapshot53(1, 1, 1, 1, 1, new SnapshotOrder(1, 1, 100, 1, '0'),
            new SnapshotOrder(2, 2, 100, 1, '0'), new SnapshotOrder(3, 3, 100, 1, '0')));
        assertEquals(FeedStatus.STALE, small.channel.instrumentById(1).feedStatus());
        assertEquals(2, small.channel.orderOverflows());

        // order 1 deleted: the next loop's snapshot fits, the instrument is LIVE with the exchange's orders
        small.incremental(2, b -> b.orderBook47(END_OF_EVENT, order(1, 1, 100, 0, DELETE, '0')));
        small.snapshot(3_000, b -> b.snapshot52(2, 1, 1, 0));
        small.snapshot(4_000, b -> b.snapshot53(2, 1, 1, 1, 1, new SnapshotOrder(2, 2, 100, 1, '0'),
            new SnapshotOrder(3, 3, 100, 1, '0')));
        assertEquals(FeedStatus.LIVE, small.channel.instrumentById(1).feedStatus());
        assertEquals("B 2@100x1#2, B 3@100x1#3", RecordingChannelListener.orders(
            small.channel.instrumentById(1).orderBook()));
    }

    @Test
    void aMarketByPriceChannelKeepsNoOrderBook()
    {
        final ChannelHarness mbp = new ChannelHarness();
        mbp.incremental(1, b -> b.book46(END_OF_EVENT,
            new BookEntry[]{book(1, 1, NEW, '0', 1, 100, 8, 2)}, new OrderIdEntry(601, 20, 5, 1, NEW)));
        assertNull(mbp.channel.instrumentById(1).orderBook());
        assertEquals(1, mbp.listener.take().size());
    }

    @Test
    void flippedRealMboPacketsNeverThrowOnTheIncrementalOrSnapshotPath()
    {
        final List<byte[]> packets = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V9)).stream()
            .map(TestCaptures.Datagram::payload).toList();
        // without a snapshot line stale instruments keep applying, so the flipped order entries reach the books
        final ChannelHarness incremental = new ChannelHarness(
            ChannelOptions.defaults().withMbo(true).withSnapshotLine(false));
        final ChannelHarness recovering = new ChannelHarness(ChannelOptions.defaults().withMbo(true));
        recovering.incremental(5, b -> b.orderBook47(END_OF_EVENT, order(1, 1, 100, 1, NEW, '0')));
        assertTrue(recovering.channel.isSnapshotJoined());
        final Random random = new Random(7);
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] bytes = packets.get(random.nextInt(packets.size())).clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--)
            {
                bytes[12 + random.nextInt(bytes.length - 12)] ^= (byte)(1 << random.nextInt(8));
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            if (random.nextInt(4) == 0)
            {
                if (random.nextBoolean())
                {
                    buffer.putShort(16, (short)53, ByteOrder.LITTLE_ENDIAN);
                }
                recovering.channel.onSnapshotPacket(ChannelHarness.LINE_S, buffer, 0, bytes.length, i);
            }
            else
            {
                buffer.putInt(0, (int)incremental.channel.lastSeqNum() + 1, ByteOrder.LITTLE_ENDIAN);
                incremental.channel.onIncrementalPacket(ChannelHarness.LINE_A, buffer, 0, bytes.length, i);
            }
        }
        assertTrue(incremental.channel.orderEvents() > 10_000, "order events " + incremental.channel.orderEvents());
        assertTrue(incremental.channel.malformed() > 0);
    }
    @Test
    void orderMessageWithEndOfEventWhoseLastEntryWasSkippedClosesTheEventWithAnEmptyBookUpdate()
    {
        harness.incremental(1, b -> b.orderBook47(END_OF_EVENT,
            order(501, 10, 100, 5, NEW, '0'),
            order(777, 0, 101, 0, DELETE, '1')));
        assertEquals(List.of(
            bidOrder(1, OrderAction.ADD, 501, 10, 100, 5, false),
            new Update(1, 1, 0, true, List.of())), harness.listener.take());
    }

    @Test
    void orderMessageLeavesTheEventOpenUntilAMessageThatPublishesNothingClosesIt()
    {
        harness.incremental(1, b -> b.orderBook47(0, order(501, 10, 100, 5, NEW, '0')));
        harness.incremental(2, b -> b.orderBook47(END_OF_EVENT, order(777, 0, 101, 0, DELETE, '1')));
        harness.incremental(3, b -> b.orderBook47(END_OF_EVENT, order(778, 0, 101, 0, DELETE, '1')));
        assertEquals(List.of(
            bidOrder(1, OrderAction.ADD, 501, 10, 100, 5, false),
            new Update(1, 2, 0, true, List.of())), harness.listener.take());
        assertEquals(1, harness.channel.eventsClosedEmpty());
    }
}
