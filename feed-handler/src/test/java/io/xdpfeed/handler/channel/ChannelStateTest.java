package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener.Channel;
import io.xdpfeed.handler.testing.RecordingChannelListener.Definition;
import io.xdpfeed.handler.testing.RecordingChannelListener.GroupStatus;
import io.xdpfeed.handler.testing.RecordingChannelListener.Level;
import io.xdpfeed.handler.testing.RecordingChannelListener.Snapshot;
import io.xdpfeed.handler.testing.RecordingChannelListener.Status;
import io.xdpfeed.handler.testing.RecordingChannelListener.Trade;
import io.xdpfeed.handler.testing.RecordingChannelListener.Update;
import io.xdpfeed.handler.testing.RecordingChannelListener.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ChannelStateTest
{
    private static final long NULL = Long.MAX_VALUE;
    private static final short READY_TO_TRADE = 17;
    private static final short NO_STATUS = 255;

    private final ChannelHarness harness = new ChannelHarness();

    private static Level bid(final BookAction action, final int level, final long price, final long size,
        final int orders)
    {
        return new Level(Side.BID, LevelType.OUTRIGHT, action, level, price, size, orders);
    }

    private static Level ask(final BookAction action, final int level, final long price, final long size,
        final int orders)
    {
        return new Level(Side.ASK, LevelType.OUTRIGHT, action, level, price, size, orders);
    }

    /** Three bid levels 100/99/98 and two ask levels 101/102 for instrument 1, RptSeq 1..5, MsgSeqNum 1. */
    private void startWithBook()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT,
            book(1, 1, 0, '0', 1, 100, 10, 1),
            book(1, 2, 0, '0', 2, 99, 20, 2),
            book(1, 3, 0, '0', 3, 98, 30, 3),
            book(1, 4, 0, '1', 1, 101, 11, 1),
            book(1, 5, 0, '1', 2, 102, 12, 2)));
        harness.listener.take();
    }

    @Test
    void publishesOneUpdatePerMessageAndInstrumentWithEveryChangedLevel()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT,
            book(1, 1, 0, '0', 1, 100, 10, 1),
            book(2, 1, 0, '1', 1, 205, 3, 1),
            book(1, 2, 0, 'E', 1, 99, 4, 0),
            book(1, 3, 0, '1', 1, 101, 11, 2)));

        assertEquals(List.of(
            new Update(1, 1, 3, false, List.of(
                bid(BookAction.NEW, 1, 100, 10, 1),
                new Level(Side.BID, LevelType.IMPLIED, BookAction.NEW, 1, 99, 4, 0),
                ask(BookAction.NEW, 1, 101, 11, 2))),
            new Update(2, 1, 1, true, List.of(ask(BookAction.NEW, 1, 205, 3, 1)))),
            harness.listener.events());
        assertEquals("bids=[100x10(1)] asks=[101x11(2)]", harness.outright(1));
        assertEquals("[99x4(0)]", harness.channel.instrumentById(1).book().impliedBids().toString());
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
    }

    @Test
    void publishesAMessageGroupedByInstrumentAsOneUpdatePerInstrumentInTheOrderOfTheirFirstEntry()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT,
            book(3, 1, 0, '0', 1, 300, 30, 3),
            book(3, 2, 0, '1', 1, 301, 31, 1),
            book(1, 1, 0, '0', 1, 100, 10, 1),
            book(2, 1, 0, '1', 1, 205, 3, 1),
            book(2, 2, 0, '1', 2, 206, 4, 2),
            book(2, 3, 0, '0', 1, 204, 5, 1)));

        assertEquals(List.of(
            new Update(3, 1, 2, false, List.of(bid(BookAction.NEW, 1, 300, 30, 3), ask(BookAction.NEW, 1, 301, 31, 1))),
            new Update(1, 1, 1, false, List.of(bid(BookAction.NEW, 1, 100, 10, 1))),
            new Update(2, 1, 3, true, List.of(
                ask(BookAction.NEW, 1, 205, 3, 1),
                ask(BookAction.NEW, 2, 206, 4, 2),
                bid(BookAction.NEW, 1, 204, 5, 1)))),
            harness.listener.take());

        // then a message whose instruments interleave: split by owner, each in entry order
        harness.incremental(2, b -> b.book46(END_OF_EVENT,
            book(2, 4, 1, '1', 1, 205, 7, 2),
            book(3, 3, 1, '0', 1, 300, 31, 4),
            book(2, 5, 1, '0', 1, 204, 6, 2)));

        assertEquals(List.of(
            new Update(2, 2, 5, false, List.of(ask(BookAction.CHANGE, 1, 205, 7, 2), bid(BookAction.CHANGE, 1, 204, 6, 2))),
            new Update(3, 2, 3, true, List.of(bid(BookAction.CHANGE, 1, 300, 31, 4)))),
            harness.listener.events());
    }

    @Test
    void appliesEveryActionAndRefusesLevelsPastTheDepth()
    {
        harness.incremental(1, b -> b.definition54(1, "ESZ8", "ES", 3, 0, 1, 1));
        startWithBookAtDepthThree();

        harness.incremental(3, b -> b.book46(END_OF_EVENT,
            book(1, 6, 0, '0', 4, 97, 1, 1),
            book(1, 7, 1, '0', 2, 99, 21, 3),
            book(1, 8, 5, '1', 2, 103, 13, 1),
            book(1, 9, 0, '0', 1, 1005, 5, 1)));
        assertEquals(List.of(new Update(1, 3, 9, true, List.of(
            bid(BookAction.CHANGE, 2, 99, 21, 3),
            ask(BookAction.OVERLAY, 2, 103, 13, 1),
            bid(BookAction.NEW, 1, 1005, 5, 1)))), harness.listener.take());
        assertEquals("bids=[1005x5(1), 100x10(1), 99x21(3)] asks=[101x11(1), 103x13(1)]", harness.outright(1));
        assertEquals(1, harness.channel.outOfDepthEntries());

        harness.incremental(4, b -> b.book46(END_OF_EVENT,
            book(1, 10, 2, '0', 2, 100, 10, 1),
            book(1, 11, 2, '0', 4, 1, 1, 1),
            book(1, 12, 4, '1', 1, NULL, 0, 0)));
        assertEquals(List.of(new Update(1, 4, 12, true, List.of(
            bid(BookAction.DELETE, 2, NULL, 0, 0),
            ask(BookAction.DELETE_FROM, 1, NULL, 0, 0)))), harness.listener.take());
        assertEquals("bids=[1005x5(1), 99x21(3)] asks=[103x13(1)]", harness.outright(1));

        harness.incremental(5, b -> b.book46(END_OF_EVENT,
            book(1, 13, 3, '0', 1, NULL, 0, 0)));
        assertEquals(List.of(new Update(1, 5, 13, true, List.of(
            bid(BookAction.DELETE_THRU, 0, NULL, 0, 0)))), harness.listener.take());
        assertEquals("bids=[] asks=[103x13(1)]", harness.outright(1));
        assertEquals(2, harness.channel.outOfDepthEntries());
    }

    private void startWithBookAtDepthThree()
    {
        harness.incremental(2, b -> b.book46(END_OF_EVENT,
            book(1, 1, 0, '0', 1, 100, 10, 1),
            book(1, 2, 0, '0', 2, 99, 20, 2),
            book(1, 3, 0, '0', 3, 98, 30, 3),
            book(1, 4, 0, '1', 1, 101, 11, 1),
            book(1, 5, 0, '1', 2, 102, 12, 2)));
        assertEquals("bids=[100x10(1), 99x20(2), 98x30(3)] asks=[101x11(1), 102x12(2)]", harness.outright(1));
        harness.listener.take();
    }

    @Test
    void bookResetEntryClearsEverySide()
    {
        startWithBook();
        harness.incremental(2, b -> b.book46(END_OF_EVENT, book(1, 6, 0, 'J', 0, NULL, 0, 0)));
        assertEquals(List.of(new Update(1, 2, 6, true, List.of(
            new Level(Side.BID, LevelType.OUTRIGHT, BookAction.CLEAR, 0, NULL, 0, 0),
            new Level(Side.ASK, LevelType.OUTRIGHT, BookAction.CLEAR, 0, NULL, 0, 0),
            new Level(Side.BID, LevelType.IMPLIED, BookAction.CLEAR, 0, NULL, 0, 0),
            new Level(Side.ASK, LevelType.IMPLIED, BookAction.CLEAR, 0, NULL, 0, 0)))), harness.listener.events());
        assertEquals("bids=[] asks=[]", harness.outright(1));
    }

    @Test
    void publishesTradesAndVolumeWithEndOfEventOnTheLastEntry()
    {
        harness.incremental(1, b -> b
            .trade48(0x01, new Mdp3PacketBuilder.TradeEntry(1, 1, 100, 2, 3, 1, 77),
                new Mdp3PacketBuilder.TradeEntry(1, 2, 100, 1, 2, 2, 78))
            .volume37(END_OF_EVENT, new Mdp3PacketBuilder.VolumeEntry(1, 3, 3)));
        harness.incremental(2, b -> b.trade48(END_OF_EVENT,
            new Mdp3PacketBuilder.TradeEntry(1, 4, 99, 5, 1, 0, 79),
            new Mdp3PacketBuilder.TradeEntry(1, 5, 98, 6, 1, 2, 80)));

        assertEquals(List.of(
            new Trade(1, 100, 2, AggressorSide.BUY, false, 1),
            new Trade(1, 100, 1, AggressorSide.SELL, false, 2),
            new Volume(1, 3, true),
            new Trade(1, 99, 5, AggressorSide.NONE, false, 4),
            new Trade(1, 98, 6, AggressorSide.SELL, true, 5)), harness.listener.events());
        assertEquals(5, harness.channel.instrumentById(1).rptSeq());
    }

    @Test
    void dropsTheOtherLinesDuplicatesAndFillsAHoleFromTheOtherLineWithinTheWait()
    {
        startWithBook();
        harness.incremental(ChannelHarness.LINE_A, 3, 3_000,
            b -> b.book46(END_OF_EVENT, book(1, 7, 1, '0', 1, 100, 12, 2)));
        assertEquals(List.of(), harness.listener.events());
        harness.incremental(ChannelHarness.LINE_B, 2, 3_100,
            b -> b.book46(END_OF_EVENT, book(1, 6, 1, '0', 1, 100, 11, 1)));
        harness.incremental(ChannelHarness.LINE_B, 3, 3_200,
            b -> b.book46(END_OF_EVENT, book(1, 7, 1, '0', 1, 100, 12, 2)));
        harness.incremental(ChannelHarness.LINE_A, 2, 3_300,
            b -> b.book46(END_OF_EVENT, book(1, 6, 1, '0', 1, 100, 11, 1)));
        harness.channel.onTimer(1_000_000_000L);

        assertEquals(List.of(
            new Update(1, 2, 6, true, List.of(bid(BookAction.CHANGE, 1, 100, 11, 1))),
            new Update(1, 3, 7, true, List.of(bid(BookAction.CHANGE, 1, 100, 12, 2)))), harness.listener.events());
        assertEquals(2, harness.channel.sequencer().duplicates());
        assertEquals(1, harness.channel.sequencer().heldPackets());
        assertEquals(0, harness.channel.sequencer().losses());
        assertEquals(List.of(), harness.feedRequests);
    }

    @Test
    void rptSeqGapMarksOnlyThatInstrumentStaleAndASnapshotWithQueuedPacketsRecoversIt()
    {
        startWithBook();
        harness.incremental(2, b -> b.book46(END_OF_EVENT,
            book(1, 7, 1, '0', 1, 100, 15, 1),
            book(2, 1, 0, '0', 1, 500, 1, 1)));
        assertEquals(List.of(
            new Status(1, FeedStatus.STALE, NO_STATUS),
            new Update(2, 2, 1, true, List.of(bid(BookAction.NEW, 1, 500, 1, 1)))), harness.listener.take());
        assertEquals(List.of("join S"), harness.feedRequests);

        harness.incremental(3, b -> b.book46(END_OF_EVENT, book(1, 8, 1, '1', 1, 101, 16, 2)));
        harness.incremental(4, b -> b.book46(END_OF_EVENT, book(1, 9, 0, '0', 1, 1005, 1, 1)));
        assertEquals(List.of(), harness.listener.events());

        harness.snapshot(5_000, b -> b.snapshot52(3, 2, 1, 8,
            level('0', 1, 100, 15, 1), level('0', 2, 99, 20, 2), level('1', 1, 101, 16, 2)));

        assertEquals(List.of(
            new Snapshot(1, 0, 4, FeedStatus.LIVE, "bids=[1005x1(1), 100x15(1), 99x20(2)] asks=[101x16(2)]"),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE)), harness.listener.take());
        assertEquals(List.of("join S", "leave S"), harness.feedRequests);
        assertEquals(1, harness.channel.rptSeqGaps());
        assertEquals(1, harness.channel.replayedPackets());
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());

        harness.incremental(5, b -> b.book46(END_OF_EVENT, book(1, 10, 2, '0', 1, NULL, 0, 0)));
        assertEquals(List.of(new Update(1, 5, 10, true, List.of(bid(BookAction.DELETE, 1, NULL, 0, 0)))),
            harness.listener.take());
    }

    @Test
    void lossNotFilledInTimeRecoversFromTheSnapshotReplayingOnlyQueuedPacketsAfterIt()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 5, 1)));
        harness.listener.take();
        harness.incremental(ChannelHarness.LINE_A, 3, 10_000, b -> b
            .book46(END_OF_EVENT, book(1, 3, 1, '1', 1, 101, 4, 2))
            .trade48(END_OF_EVENT, new Mdp3PacketBuilder.TradeEntry(1, 4, 101, 1, 1, 1, 5)));
        harness.incremental(ChannelHarness.LINE_A, 4, 11_000,
            b -> b.book46(END_OF_EVENT, book(1, 5, 0, '0', 1, 102, 1, 1)));
        assertEquals(0, harness.channel.onTimer(10_000 + ChannelOptions.DEFAULT_GAP_WAIT_NS - 1));
        assertEquals(List.of(), harness.listener.events());

        assertEquals(1, harness.channel.onTimer(10_000 + ChannelOptions.DEFAULT_GAP_WAIT_NS));
        assertEquals(List.of(
            new Status(1, FeedStatus.STALE, NO_STATUS),
            new Channel(FeedStatus.STALE, 2, 2, 1),
            new Trade(1, 101, 1, AggressorSide.BUY, true, 4)), harness.listener.take());
        assertEquals(List.of("join S"), harness.feedRequests);
        assertEquals(2, harness.channel.queuedPackets());

        harness.snapshot(3_000_000, b -> b.snapshot52(1, 1, 1, 1, level('0', 1, 100, 5, 1)));
        assertEquals(List.of(), harness.listener.events());
        assertEquals(1, harness.channel.snapshotsRefused());

        harness.snapshot(4_000_000, b -> b.snapshot52(3, 1, 1, 4,
            level('0', 1, 100, 5, 1), level('1', 1, 101, 4, 2)));
        assertEquals(List.of(
            new Snapshot(1, 0, 4, FeedStatus.LIVE, "bids=[102x1(1), 100x5(1)] asks=[101x4(2)]"),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE),
            new Channel(FeedStatus.RECOVERING, 2, 2, 1),
            new Channel(FeedStatus.LIVE, 2, 2, 1)), harness.listener.take());
        assertEquals(List.of("join S", "leave S"), harness.feedRequests);
        assertEquals(1, harness.channel.replayedPackets());
        assertEquals(5, harness.channel.instrumentById(1).rptSeq());
        assertEquals(0, harness.channel.queuedPackets());
    }

    @Test
    void snapshotAheadOfTheIncrementalsSkipsThePacketsItAlreadyIncludes()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 5, 1)));
        harness.incremental(3, b -> b.book46(END_OF_EVENT, book(1, 3, 1, '0', 1, 100, 7, 2)));
        harness.expire();
        harness.listener.take();

        harness.snapshot(6_000, b -> b.snapshot52(4, 1, 1, 4, level('0', 1, 100, 9, 3)));
        assertEquals(FeedStatus.LIVE, harness.channel.channelStatus());
        harness.listener.take();

        harness.incremental(4, b -> b.reset4().book46(END_OF_EVENT, book(1, 4, 1, '0', 1, 100, 9, 3)));
        harness.incremental(5, b -> b.book46(END_OF_EVENT, book(1, 5, 1, '0', 1, 100, 10, 4)));
        assertEquals(List.of(new Update(1, 5, 5, true, List.of(bid(BookAction.CHANGE, 1, 100, 10, 4)))),
            harness.listener.events());
        assertEquals("bids=[100x10(4)] asks=[]", harness.outright(1));
    }

    @Test
    void lateStartRecoversThroughTheSamePath()
    {
        harness.incremental(100, b -> b.book46(END_OF_EVENT, book(1, 50, 1, '0', 1, 100, 5, 1)));
        harness.incremental(101, b -> b.book46(END_OF_EVENT, book(1, 51, 1, '0', 1, 100, 6, 1)));
        harness.incremental(102, b -> b.book46(END_OF_EVENT, book(1, 52, 1, '0', 1, 100, 7, 2)));
        assertEquals(List.of(new Channel(FeedStatus.STALE, 1, 99, 1)), harness.listener.take());
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(1).feedStatus());
        assertEquals(1, harness.channel.lateStarts());

        harness.snapshot(200_000, b -> b.snapshot52(101, 1, 1, 51, level('0', 1, 100, 6, 1)));
        assertEquals(List.of(
            new Snapshot(1, 0, 102, FeedStatus.LIVE, "bids=[100x7(2)] asks=[]"),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE),
            new Channel(FeedStatus.RECOVERING, 1, 99, 1),
            new Channel(FeedStatus.LIVE, 1, 99, 1)), harness.listener.take());
        assertEquals(List.of("join S", "leave S"), harness.feedRequests);
    }

    @Test
    void afterALateStartStaysOnTheSnapshotFeedUntilAWholeLoopIsSeen()
    {
        harness.incremental(10, b -> b.book46(END_OF_EVENT, book(1, 5, 1, '0', 1, 100, 5, 1)));
        harness.snapshot(20_000, b -> b.snapshot52(10, 0, 1, 5, level('0', 1, 100, 5, 1)));
        assertEquals(FeedStatus.LIVE, harness.channel.instrumentById(1).feedStatus());
        assertTrue(harness.channel.isSnapshotJoined());

        harness.incremental(11, b -> b.book46(END_OF_EVENT, book(2, 7, 0, '1', 1, 700, 1, 1)));
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(2).feedStatus());
        harness.snapshot(30_000, b -> b.snapshot52(11, 0, 3, 1, level('1', 1, 301, 1, 1)));
        harness.snapshot(31_000, b -> b.snapshot52(11, 0, 1, 5, level('0', 1, 100, 5, 1)));
        assertTrue(harness.channel.isSnapshotJoined());
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(2).feedStatus());
        harness.listener.take();

        harness.snapshot(32_000, b -> b.snapshot52(11, 0, 2, 7, level('1', 1, 700, 1, 1)));
        assertEquals(List.of(
            new Snapshot(2, 0, 11, FeedStatus.LIVE, "bids=[] asks=[700x1(1)]"),
            new Status(2, FeedStatus.LIVE, READY_TO_TRADE),
            new Channel(FeedStatus.LIVE, 1, 9, 1)), harness.listener.take());
        assertFalse(harness.channel.isSnapshotJoined());
        assertEquals(0, harness.channel.staleInstruments());
    }

    @Test
    void instrumentWithoutSnapshotOrActivityInAWholeLoopBecomesLiveAndEmpty()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT,
            book(1, 1, 0, '0', 1, 100, 5, 1),
            book(2, 1, 0, '1', 1, 200, 5, 1)));
        harness.incremental(3, b -> b.book46(END_OF_EVENT, book(1, 2, 1, '0', 1, 100, 6, 1)));
        harness.expire();
        assertEquals(List.of(
            new Update(1, 1, 1, false, List.of(bid(BookAction.NEW, 1, 100, 5, 1))),
            new Update(2, 1, 1, true, List.of(ask(BookAction.NEW, 1, 200, 5, 1))),
            new Status(1, FeedStatus.STALE, NO_STATUS),
            new Status(2, FeedStatus.STALE, NO_STATUS),
            new Channel(FeedStatus.STALE, 2, 2, 1)), harness.listener.take());

        harness.snapshot(6_000, b -> b.snapshot52(3, 1, 1, 2, level('0', 1, 100, 6, 1)));
        assertEquals(List.of(
            new Snapshot(1, 0, 3, FeedStatus.LIVE, "bids=[100x6(1)] asks=[]"),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE),
            new Channel(FeedStatus.RECOVERING, 2, 2, 1),
            new Snapshot(2, 0, 3, FeedStatus.LIVE, "bids=[] asks=[]"),
            new Status(2, FeedStatus.LIVE, NO_STATUS),
            new Channel(FeedStatus.LIVE, 2, 2, 1)), harness.listener.events());
    }

    @Test
    void queueOverflowRefusesSnapshotsOlderThanTheQueueUntilANewerOneComes()
    {
        final ChannelHarness small = new ChannelHarness(ChannelOptions.defaults().withQueueCapacity(4));
        small.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 1, 1)));
        small.incremental(3, b -> b.book46(END_OF_EVENT, book(1, 3, 1, '0', 1, 100, 3, 1)));
        small.expire();
        for (int seqNum = 4; seqNum <= 10; seqNum++)
        {
            final int rptSeq = seqNum;
            small.incremental(seqNum, b -> b.book46(END_OF_EVENT, book(1, rptSeq, 1, '0', 1, 100, rptSeq, 1)));
        }
        assertEquals(4, small.channel.queueOverflows());
        small.listener.take();

        small.snapshot(20_000, b -> b.snapshot52(3, 1, 1, 3, level('0', 1, 100, 3, 1)));
        assertEquals(FeedStatus.STALE, small.channel.instrumentById(1).feedStatus());
        assertEquals(1, small.channel.snapshotsRefused());

        small.snapshot(30_000, b -> b.snapshot52(8, 1, 1, 8, level('0', 1, 100, 8, 1)));
        assertEquals(FeedStatus.LIVE, small.channel.instrumentById(1).feedStatus());
        assertEquals("bids=[100x10(1)] asks=[]", small.outright(1));
        assertEquals(2, small.channel.replayedPackets());
    }

    @Test
    void snapshotWhoseReplayBreaksRptSeqIsRefused()
    {
        harness.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 1, 1)));
        harness.incremental(3, b -> b.book46(END_OF_EVENT, book(1, 5, 1, '0', 1, 100, 5, 1)));
        harness.expire();
        harness.listener.take();

        harness.snapshot(20_000, b -> b.snapshot52(2, 1, 1, 3, level('0', 1, 100, 3, 1)));
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(1).feedStatus());
        assertEquals(1, harness.channel.snapshotsRefused());
        assertEquals(List.of(), harness.listener.events());
    }

    @Test
    void channelResetEmptiesEveryBookAndEndsRecovery()
    {
        startWithBook();
        harness.incremental(2, b -> b.book46(END_OF_EVENT, book(2, 1, 0, '1', 1, 300, 1, 1)));
        harness.incremental(4, b -> b.reset4().book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 95, 1, 1)));
        harness.listener.take();
        harness.expire();

        assertEquals(List.of(
            new Status(1, FeedStatus.STALE, NO_STATUS),
            new Status(2, FeedStatus.STALE, NO_STATUS),
            new Channel(FeedStatus.STALE, 3, 3, 1),
            new Snapshot(1, 0, 4, FeedStatus.LIVE, "bids=[] asks=[]"),
            new Status(1, FeedStatus.LIVE, NO_STATUS),
            new Snapshot(2, 0, 4, FeedStatus.LIVE, "bids=[] asks=[]"),
            new Status(2, FeedStatus.LIVE, NO_STATUS),
            new Channel(FeedStatus.LIVE, 3, 3, 1),
            new Update(1, 4, 1, true, List.of(bid(BookAction.NEW, 1, 95, 1, 1)))), harness.listener.events());
        assertEquals(List.of("join S", "leave S"), harness.feedRequests);
        assertEquals(1, harness.channel.channelResets());
    }

    @Test
    void definitionsSetTheDepthAndTheDefinitionLineIsLeftAfterOneLoop()
    {
        harness.channel.joinDefinitions();
        harness.definition(1, b -> b.definition54(1, "ESZ8", "ES", 5, 2, 2, 100));
        harness.definition(2, b -> b.definition54(2, "ESH9", "ES", 10, 0, 2, 100));
        harness.definition(3, b -> b.definition54(1, "ESZ8", "ES", 5, 2, 2, 100));

        assertEquals(List.of(new Definition(1, 5, 2), new Definition(2, 10, 0)), harness.listener.events());
        assertEquals(List.of("join N", "leave N"), harness.feedRequests);
        assertTrue(harness.channel.isDefinitionsComplete());
        assertEquals("ESZ8", harness.channel.instrumentById(1).symbol());
    }

    @Test
    void whileTheDefinitionsLoadASnapshotDoesNotMakeAnInstrumentWithoutADefinitionLive()
    {
        // a late start: the definitions load, the first packet is 10, the channel recovers from the snapshots
        harness.channel.joinDefinitions();
        harness.incremental(10, b -> b.book46(END_OF_EVENT, book(1, 10, 0, '0', 1, 100, 1, 1)));
        harness.listener.take();

        // its depth unknown, a book kept at the default depth could hold levels the exchange no longer has
        harness.snapshot(1_000, b -> b.snapshot52(10, 1, 1, 10, level('0', 1, 100, 1, 1)));
        assertEquals(FeedStatus.STALE, harness.channel.instrumentById(1).feedStatus());
        assertEquals(List.of(), harness.listener.take());

        // its definition (depth 5) completes the loop: the next snapshot makes it LIVE, at that depth
        harness.definition(1, b -> b.definition54(1, "ESZ8", "ES", 5, 2, 1, 100));
        assertTrue(harness.channel.isDefinitionsComplete());
        harness.snapshot(2_000, b -> b.snapshot52(10, 1, 1, 10, level('0', 1, 100, 1, 1)));
        assertEquals(FeedStatus.LIVE, harness.channel.instrumentById(1).feedStatus());
        assertEquals(5, harness.channel.instrumentById(1).book().depth());
    }

    @Test
    void securityStatusForAnInstrumentAndForAGroup()
    {
        harness.incremental(1, b -> b.definition54(1, "ESZ8", "ES", 10, 0, 1, 1)
            .status30(1, "ES", 21)
            .status30(Integer.MAX_VALUE, "ES", 17)
            .status30(Integer.MAX_VALUE, "NQ", 2));

        assertEquals(List.of(
            new Definition(1, 10, 0),
            new Status(1, FeedStatus.LIVE, (short)21),
            new Status(1, FeedStatus.LIVE, READY_TO_TRADE),
            new GroupStatus((short)2)), harness.listener.events());
    }

    @Test
    void withoutASnapshotLineALossLeavesTheChannelStaleButStillApplying()
    {
        final ChannelHarness noS = new ChannelHarness(ChannelOptions.defaults().withSnapshotLine(false));
        noS.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 1, 1)));
        noS.incremental(3, b -> b.book46(END_OF_EVENT, book(1, 3, 1, '0', 1, 100, 3, 1)));
        noS.expire();

        assertEquals(List.of(
            new Update(1, 1, 1, true, List.of(bid(BookAction.NEW, 1, 100, 1, 1))),
            new Status(1, FeedStatus.STALE, NO_STATUS),
            new Channel(FeedStatus.STALE, 2, 2, 1),
            new Update(1, 3, 3, true, List.of(bid(BookAction.CHANGE, 1, 100, 3, 1)))), noS.listener.events());
        assertEquals(List.of(), noS.feedRequests);
    }

    @Test
    void windowOverflowDeclaresTheLossWithoutWaiting()
    {
        final ChannelHarness small = new ChannelHarness(ChannelOptions.defaults().withReorderWindow(4));
        small.incremental(1, b -> b.book46(END_OF_EVENT, book(1, 1, 0, '0', 1, 100, 1, 1)));
        for (int seqNum = 3; seqNum <= 6; seqNum++)
        {
            final int rptSeq = seqNum;
            small.incremental(seqNum, b -> b.volume37(END_OF_EVENT,
                new Mdp3PacketBuilder.VolumeEntry(1, rptSeq, rptSeq)));
        }
        assertEquals(1, small.channel.sequencer().losses());
        assertEquals(0, small.channel.sequencer().held());
        assertEquals(6, small.channel.lastSeqNum());
        assertTrue(small.channel.isSnapshotJoined());
    }

    @Test
    void keepsMarketByOrderBooksWhenSwitchedOn()
    {
        final ChannelHarness mbo = new ChannelHarness(ChannelOptions.defaults().withMbo(true));
        mbo.incremental(1, b -> b.orderBook47(END_OF_EVENT,
            new Mdp3PacketBuilder.OrderEntry(1, 501, 10, 100, 5, 0, '0'),
            new Mdp3PacketBuilder.OrderEntry(1, 502, 11, 101, 2, 0, '1'),
            new Mdp3PacketBuilder.OrderEntry(1, 503, 12, 100, 3, 0, '0')));
        mbo.incremental(2, b -> b.orderBook47(END_OF_EVENT,
            new Mdp3PacketBuilder.OrderEntry(1, 501, 10, 100, 4, 1, '0'),
            new Mdp3PacketBuilder.OrderEntry(1, 502, 11, 101, 2, 2, '1')));

        final io.xdpfeed.handler.book.OrderBook orders = mbo.channel.instrumentById(1).orderBook();
        assertEquals(2, orders.orderCount());
        assertEquals(7, orders.sizeAt(true, 100));
        assertFalse(orders.contains(502));

        final ChannelHarness mbp = new ChannelHarness();
        mbp.incremental(1, b -> b.orderBook47(END_OF_EVENT,
            new Mdp3PacketBuilder.OrderEntry(1, 501, 10, 100, 5, 0, '0')));
        assertEquals(null, mbp.channel.instrumentById(1));
    }
}
