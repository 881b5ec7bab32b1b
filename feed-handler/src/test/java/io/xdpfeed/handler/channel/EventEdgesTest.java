package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.TradeEntry;
import io.xdpfeed.handler.testing.RecordingChannelListener.Channel;
import io.xdpfeed.handler.testing.RecordingChannelListener.Level;
import io.xdpfeed.handler.testing.RecordingChannelListener.Trade;
import io.xdpfeed.handler.testing.RecordingChannelListener.TradeCancel;
import io.xdpfeed.handler.testing.RecordingChannelListener.Update;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.level;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two edges of the engine: a message that closes a match event but publishes nothing (the subscribers waiting for
 * the end of the event still get it), and packets lost at the tail of the incremental stream (no later packet shows
 * the hole; a snapshot's LastMsgSeqNumProcessed does).
 */
@Timeout(10)
class EventEdgesTest
{
    private static final long GAP_WAIT_NS = ChannelOptions.DEFAULT_GAP_WAIT_NS;

    private final ChannelHarness harness = new ChannelHarness();

    private static Level bid(final BookAction action, final int level, final long price, final long size,
        final int orders)
    {
        return new Level(Side.BID, LevelType.OUTRIGHT, action, level, price, size, orders);
    }

    @Test
    void emptyBookMessageWithEndOfEventClosesTheOpenEvent()
    {
        harness.incremental(1, b -> b.book46(0, book(1, 1, 0, '0', 1, 100, 10, 1)));
        harness.incremental(2, b -> b.book46(END_OF_EVENT));

        assertEquals(List.of(
            new Update(1, 1, 1, false, List.of(bid(BookAction.NEW, 1, 100, 10, 1))),
            new Update(1, 2, 1, true, List.of())),
            harness.listener.take());
        assertEquals(1, harness.channel.eventsClosedEmpty());
    }

    @Test
    void emptyBookMessageWithEndOfEventPublishesNothingWhenNoEventIsOpen()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 10, 1)));
        harness.listener.take();
        harness.incremental(2, b -> b.book46(END_OF_EVENT));
        harness.incremental(3, b -> b.book46(0));

        assertEquals(List.of(), harness.listener.take());
        assertEquals(0, harness.channel.eventsClosedEmpty());
    }

    @Test
    void endOfEventWhoseEntriesWereAllSkippedStillClosesTheEvent()
    {
        harness.incremental(1, b -> b.book46(0, book(1, 1, 0, '0', 1, 100, 10, 1)));
        harness.incremental(2, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 10, 1)));

        assertEquals(List.of(
            new Update(1, 1, 1, false, List.of(bid(BookAction.NEW, 1, 100, 10, 1))),
            new Update(1, 2, 1, true, List.of())),
            harness.listener.take());
    }

    @Test
    void tradeLeftOpenIsClosedByAnEmptyBookMessage()
    {
        harness.incremental(1, b -> b.trade48(0, new TradeEntry(7, 1, 100, 3, 1, 1, 11)));
        harness.incremental(2, b -> b.book46(END_OF_EVENT));

        assertEquals(List.of(
            new Trade(7, 100, 3, AggressorSide.BUY, false, 1),
            new Update(7, 2, 1, true, List.of())),
            harness.listener.take());
    }

    @Test
    void aTradeCancelIsPublishedWithTheTradeItCancels()
    {
        harness.incremental(1, b -> b.trade48(END_OF_EVENT, new TradeEntry(7, 1, 100, 3, 1, 1, 11)));
        harness.incremental(2, b -> b.trade48(END_OF_EVENT, MDUpdateAction.Delete,
            new TradeEntry(7, 2, 100, 3, 1, 0, 11)));
        harness.incremental(3, b -> b.trade48(END_OF_EVENT, new TradeEntry(7, 3, 101, 3, 1, 2, 12)));

        assertEquals(List.of(
            new Trade(7, 100, 3, AggressorSide.BUY, true, 1),
            new TradeCancel(7, 100, 3, 11, 2),
            new Trade(7, 101, 3, AggressorSide.SELL, true, 3)),
            harness.listener.take());
        assertEquals(1, harness.channel.tradeCancels());
    }

    /**
     * Instrument 2 recovers from a RptSeq gap on the snapshot line while instrument 1 is live; the last packets of
     * the burst (MsgSeqNum 4 and 5) are lost on both lines and nothing follows. The snapshot says it includes
     * MsgSeqNum 5: once the incremental lines stay quiet for the gap wait, 4..5 are declared lost and the channel
     * recovers as from any gap.
     */
    @Test
    void snapshotPastTheLastPacketRevealsATailLossOnceTheLinesAreQuiet()
    {
        startTwoInstrumentsAndLoseTheRptSeqOfTheSecond();

        harness.snapshot(3_500, b -> b.snapshot52(5, 2, 2, 5, level('0', 1, 200, 1, 1)));
        harness.channel.onTimer(3_000 + GAP_WAIT_NS - 1);
        assertEquals(0, harness.channel.tailLosses(), "the lines were not quiet for the gap wait yet");
        assertEquals(List.of("join S", "leave S"), harness.feedRequests);
        harness.listener.take();

        harness.channel.onTimer(3_500 + GAP_WAIT_NS, false);
        assertEquals(0, harness.channel.tailLosses(), "packets may still be queued in the source");
        harness.channel.onTimer(3_500 + GAP_WAIT_NS, true);
        assertEquals(1, harness.channel.tailLosses());
        assertEquals(List.of(new Channel(FeedStatus.STALE, 4, 5, 1)), harness.listener.take().stream()
            .filter(e -> e instanceof Channel).toList());
        assertEquals(List.of("join S", "leave S", "join S"), harness.feedRequests);
        assertEquals(FeedStatus.STALE, harness.channel.channelStatus());

        harness.snapshot(4_000, b -> b.snapshot52(5, 2, 1, 4, level('0', 1, 101, 1, 1)));
        harness.snapshot(4_100, b -> b.snapshot52(5, 2, 2, 5, level('0', 1, 200, 1, 1)));
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
        assertEquals(List.of("join S", "leave S", "join S", "leave S"), harness.feedRequests);
        assertEquals("bids=[101x1(1)] asks=[]", harness.outright(1));

        harness.incremental(4, b -> b.book46(END_OF_EVENT, book(1, 4, 0, '0', 1, 99, 1, 1)));
        assertEquals(1, harness.channel.sequencer().duplicates(), "a late copy of a packet declared lost");
        harness.incremental(6, b -> b.book46(END_OF_EVENT, book(1, 5, 1, '0', 1, 101, 2, 1)));
        assertEquals("bids=[101x2(1)] asks=[]", harness.outright(1));
        assertEquals(1, harness.channel.sequencer().losses());
    }

    @Test
    void snapshotAheadOfPacketsStillInFlightIsNotALoss()
    {
        startTwoInstrumentsAndLoseTheRptSeqOfTheSecond();

        harness.snapshot(3_500, b -> b.snapshot52(5, 2, 2, 5, level('0', 1, 200, 1, 1)));
        harness.incremental(4, b -> b.book46(END_OF_EVENT, book(1, 2, 1, '0', 1, 100, 2, 1)));
        harness.incremental(5, b -> b.book46(END_OF_EVENT, book(1, 3, 1, '0', 1, 100, 3, 1)));
        harness.channel.onTimer(Long.MAX_VALUE / 4);

        assertEquals(0, harness.channel.tailLosses());
        assertEquals(0, harness.channel.sequencer().losses());
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
        assertEquals("bids=[100x3(1)] asks=[]", harness.outright(1));
    }

    @Test
    void withoutTheSnapshotLineATailLossCannotBeSeen()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 1, 1)));
        harness.snapshot(1_500, b -> b.snapshot52(9, 1, 1, 5, level('0', 1, 100, 1, 1)));
        harness.channel.onTimer(Long.MAX_VALUE / 4);

        assertEquals(0, harness.channel.tailLosses(), "snapshots are not read while the line is not joined");
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
    }

    private void startTwoInstrumentsAndLoseTheRptSeqOfTheSecond()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 1, 1)));
        harness.incremental(2, b -> b.book46(END_OF_EVENT, book(2, 1, 0, '0', 1, 200, 1, 1)));
        harness.incremental(3, b -> b.book46(END_OF_EVENT, book(2, 3, 1, '0', 1, 200, 3, 1)));
        assertEquals(List.of("join S"), harness.feedRequests);
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
    }
}
