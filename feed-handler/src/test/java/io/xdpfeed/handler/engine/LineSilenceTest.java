package io.xdpfeed.handler.engine;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import io.xdpfeed.handler.testing.RecordingChannelListener.Channel;
import io.xdpfeed.handler.testing.RecordingChannelListener.Event;
import io.xdpfeed.handler.testing.RecordingChannelListener.Status;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.xdpfeed.handler.engine.FeedEngineTest.INCREMENTAL_A;
import static io.xdpfeed.handler.engine.FeedEngineTest.INCREMENTAL_B;
import static io.xdpfeed.handler.engine.FeedEngineTest.SNAPSHOT_A;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health that cannot lie: an incremental line that delivers nothing for the silence time is SILENT (counted,
 * published as ChannelStatus SILENT, the books stay LIVE); when every incremental line of the channel is silent the
 * channel and its instruments go STALE; a line that speaks again in sequence brings them back to LIVE, and one that
 * speaks again after a gap hands over to the usual snapshot recovery. The conductor judges silence on a scripted
 * clock; the receive thread applies it at its timers.
 */
@Timeout(20)
class LineSilenceTest
{
    private static final long SILENCE_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private final RecordingChannelListener listener = new RecordingChannelListener();
    private final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
    private final CachedNanoClock clock = new CachedNanoClock();
    private final FeedEngine engine = new FeedEngine(FeedEngineTest.lineMap(),
        ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> id == 310, id -> false, listener, null, HandlerCounters.onHeap());
    private final ConductorAgent conductor = new ConductorAgent(engine, LineControl.NONE, clock, null)
        .lineSilenceNs(SILENCE_NS);
    private final ChannelState channel = engine.channelById(310);

    /**
     * Move the scripted clock to {@code timeNs}, let the conductor judge the lines and the receive thread's timers
     * apply what it found.
     */
    private void at(final long timeNs)
    {
        clock.update(timeNs);
        conductor.doWork();
        engine.onTimer(timeNs);
    }

    private void bookPacket(final long msgSeqNum, final long rptSeq, final long price)
    {
        builder.packet(msgSeqNum, msgSeqNum).book46(END_OF_EVENT, book(1, rptSeq, 0, '0', 1, price, 5, 1));
    }

    private void send(final int group, final int port, final long timeNs)
    {
        engine.onDatagram(group, port, builder.buffer(), 0, builder.length(), timeNs);
    }

    private void sendA(final long timeNs)
    {
        send(INCREMENTAL_A, 14310, timeNs);
    }

    private void sendB(final long timeNs)
    {
        send(INCREMENTAL_B, 15310, timeNs);
    }

    /**
     * A and B, then B only until A has said nothing for the silence time, then nothing at all.
     */
    private void silenceLineAThenBoth()
    {
        at(MS);
        bookPacket(1, 1, 100);
        sendA(MS);
        sendB(MS);
        at(2 * MS);
        bookPacket(2, 2, 101);
        sendB(2 * S);
        at(2 * S);
        at(5 * S);
        assertEquals(FeedStatus.LIVE, channel.channelStatus(), "A silent for less than the silence time");
        assertEquals(0, conductor.lineSilences());

        at(5 * S + 2 * MS);
        assertEquals(FeedStatus.SILENT, channel.channelStatus());
        assertEquals(1, conductor.lineSilences());
        assertEquals(1, conductor.silentLines());
        assertEquals(0, engine.staleInstruments(), "one line is enough: the books stay LIVE");
        assertEquals(FeedStatus.LIVE, channel.instrumentById(1).feedStatus());

        bookPacket(3, 3, 102);
        sendB(6 * S);
        at(6 * S);
        at(11 * S - MS);
        assertEquals(FeedStatus.SILENT, channel.channelStatus());
        at(11 * S + MS);
        assertEquals(FeedStatus.STALE, channel.channelStatus());
        assertEquals(2, conductor.lineSilences());
        assertEquals(2, conductor.silentLines());
        assertEquals(1, engine.staleInstruments());
        assertEquals(FeedStatus.STALE, channel.instrumentById(1).feedStatus());
    }

    @Test
    void silentLineIsSilentThenBothSilentIsStaleThenLiveAgainWhenTheLinesSpeakInSequence()
    {
        silenceLineAThenBoth();

        bookPacket(4, 4, 103);
        sendA(12 * S);
        assertEquals(FeedStatus.SILENT, channel.channelStatus(), "A spoke in sequence, B has not yet");
        assertEquals(0, engine.staleInstruments());
        sendB(12 * S + 1);
        assertEquals(FeedStatus.LIVE, channel.channelStatus());
        at(12 * S + 20 * MS);
        assertEquals(0, conductor.silentLines());
        assertEquals(2, conductor.lineSilences());
        assertEquals(1, channel.silences());
        assertEquals(0, engine.recoveries(), "nothing was lost: no recovery");
        assertFalse(channel.isSnapshotJoined());

        assertEquals(List.<Event>of(
            update(1, 100),
            update(2, 101),
            new Channel(FeedStatus.SILENT, 0, 0, 0),
            update(3, 102),
            new Status(1, FeedStatus.STALE, (short)255),
            new Channel(FeedStatus.STALE, 0, 0, 0),
            new Status(1, FeedStatus.LIVE, (short)255),
            new Channel(FeedStatus.SILENT, 0, 0, 0),
            update(4, 103),
            new Channel(FeedStatus.LIVE, 0, 0, 0)), listener.events());
    }

    @Test
    void aLineThatSpeaksBetweenTheConductorsJudgementAndItsApplyingIsNotToldSilent()
    {
        silenceLineAThenBoth();

        // A speaks; the conductor judges between A's datagram and B's: A spoke, B is still silent
        bookPacket(4, 4, 103);
        sendA(12 * S);
        clock.update(12 * S + 1);
        conductor.doWork();
        assertEquals(1, conductor.silentLines());
        // before the receive thread's timer applies that judgement, B speaks too: the channel is LIVE
        sendB(12 * S + 2);
        assertEquals(FeedStatus.LIVE, channel.channelStatus());
        engine.onTimer(12 * S + 3);
        assertEquals(FeedStatus.LIVE, channel.channelStatus(), "B's silence was judged before B spoke");
        at(12 * S + 20 * MS);
        assertEquals(0, conductor.silentLines());
        assertEquals(FeedStatus.LIVE, channel.channelStatus());

        final List<Event> events = listener.events();
        assertEquals(List.<Event>of(
            new Status(1, FeedStatus.LIVE, (short)255),
            new Channel(FeedStatus.SILENT, 0, 0, 0),
            update(4, 103),
            new Channel(FeedStatus.LIVE, 0, 0, 0)), events.subList(events.size() - 4, events.size()),
            "no SILENT and LIVE again after the lines spoke");
    }

    @Test
    void linesThatSpeakAgainAfterAGapRecoverThroughTheSnapshot()
    {
        silenceLineAThenBoth();

        bookPacket(7, 7, 106);
        sendA(12 * S);
        sendB(12 * S + 1);
        assertEquals(FeedStatus.STALE, channel.channelStatus(), "4..6 may be lost: not LIVE");
        assertEquals(1, engine.staleInstruments());
        at(12 * S + 3 * MS);
        assertEquals(1, engine.recoveries());
        assertEquals(FeedEngine.SNAPSHOT_FEED, engine.desiredFeeds(channel.channelIndex()));
        assertEquals(FeedStatus.STALE, channel.channelStatus());

        builder.packet(1, 1).snapshot52(7, 1, 1, 7, level('0', 1, 106, 5, 1));
        send(SNAPSHOT_A, 14311, 12 * S + 4 * MS);
        assertEquals(FeedStatus.LIVE, channel.channelStatus());
        assertEquals(0, engine.staleInstruments());
        assertEquals(0, engine.desiredFeeds(channel.channelIndex()));
        at(12 * S + 20 * MS);
        assertEquals(0, conductor.silentLines());

        assertEquals(List.<Event>of(
            update(1, 100),
            update(2, 101),
            new Channel(FeedStatus.SILENT, 0, 0, 0),
            update(3, 102),
            new Status(1, FeedStatus.STALE, (short)255),
            new Channel(FeedStatus.STALE, 0, 0, 0),
            new Channel(FeedStatus.STALE, 4, 6, 1),
            new RecordingChannelListener.Snapshot(1, 0, 7, FeedStatus.LIVE, "bids=[106x5(1)] asks=[]"),
            new Status(1, FeedStatus.LIVE, (short)17),
            new Channel(FeedStatus.RECOVERING, 4, 6, 1),
            new Channel(FeedStatus.LIVE, 4, 6, 1)), listener.events());
    }

    @Test
    void silenceIsOffUnlessConfigured()
    {
        final ConductorAgent quiet = new ConductorAgent(engine, LineControl.NONE, clock, null);
        clock.update(MS);
        quiet.doWork();
        clock.update(60 * S);
        quiet.doWork();
        engine.onTimer(60 * S);
        assertEquals(0, quiet.silentLines());
        assertEquals(FeedStatus.LIVE, channel.channelStatus());
        assertTrue(listener.events().isEmpty());
    }

    @Test
    void linkDownSilencesEveryLineAtOnce()
    {
        assertFalse(new LinkState("lo").isDown(), "loopback reports unknown or up: not down");
        final LinkState gone = new LinkState("xdpfeed-none" + ProcessHandle.current().pid() % 1000);
        assertTrue(gone.isDown(), "an interface that is gone is down");

        final ConductorAgent linked = new ConductorAgent(engine, LineControl.NONE, clock, null)
            .lineSilenceNs(SILENCE_NS).linkState(gone);
        clock.update(MS);
        bookPacket(1, 1, 100);
        sendA(MS);
        sendB(MS);
        linked.doWork();
        engine.onTimer(MS);
        assertTrue(linked.isLinkDown());
        assertEquals(1, linked.linkDowns());
        assertEquals(2, linked.silentLines());
        assertEquals(FeedStatus.STALE, channel.channelStatus(), "no waiting for the silence time");
        assertEquals(List.<Event>of(
            update(1, 100),
            new Status(1, FeedStatus.STALE, (short)255),
            new Channel(FeedStatus.STALE, 0, 0, 0)), listener.events());
    }

    @Test
    void theSilenceKeyDefaultsAboveCmesHeartbeatAndNamesItselfWhenBad()
    {
        assertEquals(TimeUnit.SECONDS.toNanos(35), new FeedHandler.Context().lineMap(FeedEngineTest.lineMap())
            .conclude().lineSilenceNs(), "above CME's 30 s idle heartbeat");
        try
        {
            System.setProperty(Configuration.LINE_SILENCE_PROP_NAME, "500ms");
            assertEquals(500 * MS, Configuration.lineSilenceNs());
            System.setProperty(Configuration.LINE_SILENCE_PROP_NAME, "soon");
            final ConfigurationException bad = assertThrows(ConfigurationException.class, Configuration::lineSilenceNs);
            assertEquals("xdpfeed.line.silence=soon is not a duration: use e.g. 500us, 2ms, 1s", bad.getMessage());
        }
        finally
        {
            System.clearProperty(Configuration.LINE_SILENCE_PROP_NAME);
        }
        final FeedHandler.Context negative = new FeedHandler.Context().lineMap(FeedEngineTest.lineMap())
            .lineSilenceNs(-1);
        assertEquals("xdpfeed.line.silence=-1ns must be >= 0 (0 turns the check off)",
            assertThrows(ConfigurationException.class, negative::conclude).getMessage());
    }

    /**
     * The BookUpdate of {@link #bookPacket}: instrument 1, RptSeq equal to the MsgSeqNum, a new best bid.
     */
    private static RecordingChannelListener.Update update(final long msgSeqNum, final long price)
    {
        return new RecordingChannelListener.Update(1, msgSeqNum, msgSeqNum, true,
            List.of(new RecordingChannelListener.Level(io.xdpfeed.codecs.md.Side.BID,
            io.xdpfeed.codecs.md.LevelType.OUTRIGHT, io.xdpfeed.codecs.md.BookAction.NEW, 1, price, 5, 1)));
    }
}
