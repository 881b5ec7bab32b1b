package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.handler.itch.RecordingItchListener.Gap;
import io.xdpfeed.handler.itch.RecordingItchListener.Instrument;
import io.xdpfeed.handler.itch.RecordingItchListener.Level;
import io.xdpfeed.handler.itch.RecordingItchListener.SystemEvent;
import io.xdpfeed.handler.itch.RecordingItchListener.Trade;
import io.xdpfeed.handler.itch.RecordingItchListener.TradingAction;
import io.xdpfeed.handler.itch.RecordingItchListener.UpdateEnd;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.List;

import static io.xdpfeed.codecs.md.BookAction.CHANGE;
import static io.xdpfeed.codecs.md.BookAction.DELETE;
import static io.xdpfeed.codecs.md.BookAction.NEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The ITCH book path message by message, every listener call asserted as one list. Packets are written with the
 * generated encoders ({@link ItchPacketWriter}); prices in the packets are Price4, in the events PRICE9.
 */
@Timeout(30)
class ItchBookBuilderTest
{
    private static final String SESSION = "TEST000001";
    private static final long P9 = 100_000L;

    private final RecordingItchListener listener = new RecordingItchListener();
    private final ItchPacketWriter writer = new ItchPacketWriter();

    @Test
    void everyBookMessageTradeAndStatus()
    {
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 64, 4, 5);
        writer.begin(SESSION, 1).systemEvent(10, 'O').stockDirectory(7, 11, "ACME").tradingAction(7, 12, "ACME", 'T');
        send(builder);
        writer.begin(SESSION, 4)
            .addOrder(7, 20, 1001, true, 100, "ACME", 1_000_100, null)       // 100.01 bid 100
            .addOrder(7, 21, 1002, true, 300, "ACME", 1_000_100, "GSCO")     // same level, with MPID
            .addOrder(7, 22, 1003, false, 200, "ACME", 1_000_300, null)      // 100.03 ask 200
            .addOrder(7, 23, 1004, true, 50, "ACME", 1_000_000, null);       // 100.00 bid, level 2
        send(builder);
        writer.begin(SESSION, 8)
            .executed(7, 30, 1001, 40, 5001)                                 // partial: 60 left
            .executedWithPrice(7, 31, 1003, 200, 5002, true, 1_000_200)      // whole order, printed at 100.02
            .executedWithPrice(7, 32, 1002, 100, 5003, false, 1_000_100)     // not printed: no trade
            .cancel(7, 33, 1002, 50)                                         // 150 left
            .delete(7, 34, 1001)
            .replace(7, 35, 1002, 1005, 500, 1_000_000)                      // to level 100.00
            .trade(7, 36, 0, true, 75, "ACME", 1_000_200, 5004);             // non-displayed execution
        send(builder);
        writer.begin(SESSION, 15).tradingAction(7, 40, "ACME", 'H').systemEvent(41, 'C');
        send(builder);

        assertEquals(List.of(
            new SystemEvent('O', 10),
            new Instrument(7, "ACME"),
            new TradingAction(7, 'T', 12),
            new Level(7, true, NEW, 1, 1_000_100 * P9, 100, 1), new UpdateEnd(7, 4, 20),
            new Level(7, true, CHANGE, 1, 1_000_100 * P9, 400, 2), new UpdateEnd(7, 5, 21),
            new Level(7, false, NEW, 1, 1_000_300 * P9, 200, 1), new UpdateEnd(7, 6, 22),
            new Level(7, true, NEW, 2, 1_000_000 * P9, 50, 1), new UpdateEnd(7, 7, 23),
            new Trade(7, 1_000_100 * P9, 40, true, 5001, 30),
            new Level(7, true, CHANGE, 1, 1_000_100 * P9, 360, 2), new UpdateEnd(7, 8, 30),
            new Trade(7, 1_000_200 * P9, 200, false, 5002, 31),
            new Level(7, false, DELETE, 1, 1_000_300 * P9, 0, 0), new UpdateEnd(7, 9, 31),
            new Level(7, true, CHANGE, 1, 1_000_100 * P9, 260, 2), new UpdateEnd(7, 10, 32),
            new Level(7, true, CHANGE, 1, 1_000_100 * P9, 210, 2), new UpdateEnd(7, 11, 33),
            new Level(7, true, CHANGE, 1, 1_000_100 * P9, 150, 1), new UpdateEnd(7, 12, 34),
            new Level(7, true, DELETE, 1, 1_000_100 * P9, 0, 0),
            new Level(7, true, CHANGE, 1, 1_000_000 * P9, 550, 2), new UpdateEnd(7, 13, 35),
            new Trade(7, 1_000_200 * P9, 75, true, 5004, 36),
            new TradingAction(7, 'H', 40),
            new SystemEvent('C', 41)), listener.events);

        assertEquals("[100000000000x550(2)]", builder.levels(7, true).toString());
        assertEquals("[]", builder.levels(7, false).toString());
        assertEquals("ACME", ItchMessages.symbol(builder.stocks().symbol(7)));
        assertEquals('H', builder.stocks().tradingState(7));
        assertEquals(2, builder.orders().orderCount());
        assertEquals(500, builder.orders().sharesOf(1005));
        assertEquals(17, builder.nextSequence());
        assertEquals(16, builder.count(Count.MESSAGES));
        assertEquals(0, builder.count(Count.UNKNOWN_ORDERS) + builder.count(Count.DUPLICATES) +
            builder.count(Count.GAPS) + builder.malformedTotal());
        assertNull(builder.levels(8, true));

        builder.reset();
        assertNull(builder.levels(7, true), "a new session: no book");
        assertEquals(0, builder.stocks().symbol(7));
        assertEquals(0, builder.stocks().tradingState(7));
        assertEquals(0, builder.orders().orderCount());
        assertEquals(0, builder.instrumentCount());
    }

    @Test
    void reserveLevelsMoveUpAndHiddenPricesComeBackInOneScan()
    {
        // depth 1: the ladder keeps 4 levels, the rest is hidden
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 64, 1, 1);
        assertEquals(4, ItchBookBuilder.ladderDepth(1));
        writer.begin(SESSION, 1);
        for (int id = 1; id <= 6; id++)
        {
            writer.addOrder(3, id, id, false, 100, "X", 99 + id, null);      // 100 .. 105: 104, 105 hidden
        }
        writer.addOrder(3, 7, 7, false, 100, "X", 104, null);               // hidden: the ladder is full
        send(builder);
        writer.begin(SESSION, 8).delete(3, 8, 1)
            .addOrder(3, 9, 8, false, 100, "X", 106, null)                  // behind the last level, but 104/105
            .delete(3, 10, 2).delete(3, 11, 3);                             // hidden are better: hidden too
        send(builder);

        assertEquals(List.of(
            new Level(3, false, NEW, 1, 100 * P9, 100, 1), new UpdateEnd(3, 1, 1),
            new UpdateEnd(3, 2, 2), new UpdateEnd(3, 3, 3), new UpdateEnd(3, 4, 4), new UpdateEnd(3, 5, 5),
            new UpdateEnd(3, 6, 6), new UpdateEnd(3, 7, 7),
            new Level(3, false, DELETE, 1, 100 * P9, 0, 0), new Level(3, false, NEW, 1, 101 * P9, 100, 1),
            new UpdateEnd(3, 8, 8),
            new UpdateEnd(3, 9, 9),
            new Level(3, false, DELETE, 1, 101 * P9, 0, 0), new Level(3, false, NEW, 1, 102 * P9, 100, 1),
            new UpdateEnd(3, 10, 10),
            new Level(3, false, DELETE, 1, 102 * P9, 0, 0), new Level(3, false, NEW, 1, 103 * P9, 100, 1),
            new UpdateEnd(3, 11, 11)), listener.events);
        assertEquals("[10300000x100(1), 10400000x200(2), 10500000x100(1), 10600000x100(1)]",
            builder.levels(3, false).toString(), "the hidden prices back in the ladder after the scan");
    }

    @Test
    void reserveLevelsMoveUpWhenALevelEmpties()
    {
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 64, 1, 2);
        writer.begin(SESSION, 1)
            .addOrder(3, 1, 1, false, 100, "X", 10_000, null)
            .addOrder(3, 2, 2, false, 100, "X", 10_200, null)
            .addOrder(3, 3, 3, false, 100, "X", 10_300, null)               // hidden: below the 2 levels
            .addOrder(3, 4, 4, false, 100, "X", 10_100, null)               // pushes 102.00 out
            .addOrder(3, 5, 5, false, 100, "X", 10_300, null);              // hidden too
        send(builder);
        writer.begin(SESSION, 6).delete(3, 6, 1).delete(3, 7, 4);
        send(builder);

        assertEquals(List.of(
            new Level(3, false, NEW, 1, 10_000 * P9, 100, 1), new UpdateEnd(3, 1, 1),
            new Level(3, false, NEW, 2, 10_200 * P9, 100, 1), new UpdateEnd(3, 2, 2),
            new UpdateEnd(3, 3, 3),
            new Level(3, false, NEW, 2, 10_100 * P9, 100, 1), new UpdateEnd(3, 4, 4),
            new UpdateEnd(3, 5, 5),
            new Level(3, false, DELETE, 1, 10_000 * P9, 0, 0),
            new Level(3, false, NEW, 2, 10_200 * P9, 100, 1), new UpdateEnd(3, 6, 6),
            new Level(3, false, DELETE, 1, 10_100 * P9, 0, 0),
            new Level(3, false, NEW, 2, 10_300 * P9, 200, 2), new UpdateEnd(3, 7, 7)), listener.events);
        assertEquals("[1020000000x100(1), 1030000000x200(2)]", builder.levels(3, false).toString());
    }

    @Test
    void duplicatesAreSkippedAndGapsTold()
    {
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 64, 1, 5);
        writer.begin(SESSION, 1).addOrder(1, 1, 1, true, 10, "X", 100, null)
            .addOrder(1, 2, 2, true, 10, "X", 100, null);
        send(builder);
        send(builder);                                                      // line B's copy
        writer.begin(SESSION, 2).addOrder(1, 2, 2, true, 10, "X", 100, null)
            .addOrder(1, 3, 3, true, 10, "X", 100, null);
        send(builder);                                                      // overlaps by one message
        writer.begin(SESSION, 7).delete(1, 4, 1);
        send(builder);                                                      // 4..6 missed
        writer.begin(SESSION, 10);
        send(builder);                                                      // heartbeat: 8..9 missed

        assertEquals(List.of(
            new Level(1, true, NEW, 1, 100 * P9, 10, 1), new UpdateEnd(1, 1, 1),
            new Level(1, true, CHANGE, 1, 100 * P9, 20, 2), new UpdateEnd(1, 2, 2),
            new Level(1, true, CHANGE, 1, 100 * P9, 30, 3), new UpdateEnd(1, 3, 3),
            new Gap(4, 6),
            new Level(1, true, CHANGE, 1, 100 * P9, 20, 2), new UpdateEnd(1, 7, 4),
            new Gap(8, 9)), listener.events);
        assertEquals(3, builder.count(Count.DUPLICATES));
        assertEquals(2, builder.count(Count.GAPS));
        assertEquals(5, builder.count(Count.MISSED_MESSAGES));
        assertEquals(10, builder.nextSequence());
    }

    @Test
    void unknownOrdersAndMalformedPacketsAreCountedNotThrown()
    {
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 1, 1, 5);
        writer.begin(SESSION, 1).executed(1, 1, 99, 10, 1).delete(1, 2, 98).replace(1, 3, 97, 96, 1, 1)
            .cancel(1, 4, 95, 1);
        send(builder);
        writer.begin(SESSION, 5).addOrder(1, 5, 1, true, 10, "X", 100, null).addOrder(1, 6, 2, true, 10, "X", 100, null)
            .addOrder(2, 7, 3, true, 10, "Y", 100, null);
        send(builder);
        assertEquals(4, builder.count(Count.UNKNOWN_ORDERS));
        assertEquals(2, builder.count(Count.REFUSED_ORDERS), "one for the full table, one for the second instrument");

        writer.begin(SESSION, 8).delete(1, 8, 1);
        assertEquals(0, builder.onPacket(writer.buffer(), 0, writer.length() - 1));
        assertEquals(1, builder.malformed(MoldUdp64Framing.BLOCK_OUTSIDE_DATAGRAM));
        assertEquals(0, builder.onPacket(writer.buffer(), 0, 19));
        assertEquals(1, builder.malformed(MoldUdp64Framing.TOO_SHORT));

        // a type ITCH 5.0 does not define, shorter than the fields every message starts with: in a datagram that
        // ends with it (a read for its timestamp would throw), and alone, as a re-request or a snapshot hands it over
        final UnsafeBuffer unknown = MoldUdp64FramingTest.unknownType(3);
        assertEquals(0, builder.onPacket(unknown, 0, unknown.capacity()));
        builder.onMessage(unknown, 22, 3, 9);
        assertEquals(2, builder.malformed(MoldUdp64Framing.MESSAGE_TOO_SHORT));
        final UnsafeBuffer unknownWhole = MoldUdp64FramingTest.unknownType(ItchMessages.COMMON_LENGTH);
        unknownWhole.putLong(10, 8, ByteOrder.BIG_ENDIAN);
        assertEquals(1, builder.onPacket(unknownWhole, 0, unknownWhole.capacity()));
        assertEquals(1, builder.count(Count.UNHANDLED_MESSAGES));
        assertEquals(List.of(new Level(1, true, NEW, 1, 100 * P9, 10, 1), new UpdateEnd(1, 5, 5)), listener.events);
    }

    private void send(final ItchBookBuilder builder)
    {
        builder.onPacket(writer.buffer(), 0, writer.length());
    }
}
