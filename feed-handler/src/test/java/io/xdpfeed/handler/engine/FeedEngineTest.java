package io.xdpfeed.handler.engine;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@Timeout(20)
class FeedEngineTest
{
    static final int INCREMENTAL_A = LineMap.parseAddress("239.77.1.1");
    static final int INCREMENTAL_B = LineMap.parseAddress("239.77.2.1");
    static final int SNAPSHOT_A = LineMap.parseAddress("239.77.1.2");
    static final int SNAPSHOT_B = LineMap.parseAddress("239.77.2.2");
    static final int DEFINITION_A = LineMap.parseAddress("239.77.1.3");
    static final int OTHER_CHANNEL = LineMap.parseAddress("239.77.1.11");

    private final RecordingChannelListener listener = new RecordingChannelListener();
    private final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();

    static LineMap lineMap()
    {
        return lineMap("engine/config.xml");
    }

    static LineMap lineMap(final String resource)
    {
        try (InputStream in = FeedEngineTest.class.getResourceAsStream("/" + resource))
        {
            return CmeConfigParser.parse(in, resource);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private void send(final FeedEngine engine, final int group, final int port, final long timeNs)
    {
        engine.onDatagram(group, port, builder.buffer(), 0, builder.length(), timeNs);
    }

    @Test
    void routesLinesJoinsRecoveryFeedsAndIgnoresTheOtherCopyOfTheSnapshotLine()
    {
        final FeedEngine engine = new FeedEngine(lineMap(), ChannelOptions.defaults().withQueueCapacity(64), Feed.A,
            id -> id == 310, id -> false, listener, null, HandlerCounters.onHeap());
        final ChannelState channel = engine.channelById(310);
        assertNull(engine.channelById(311));
        engine.start();
        assertEquals(FeedEngine.DEFINITION_FEED, engine.desiredFeeds(channel.channelIndex()));

        builder.packet(1, 1).definition54(1, "ESZ8", "ES", 10, 0, 1, 1);
        send(engine, DEFINITION_A, 14312, 1);
        assertEquals(0, engine.desiredFeeds(channel.channelIndex()));

        builder.packet(5, 10).book46(END_OF_EVENT, book(1, 7, 0, '0', 1, 100, 5, 1));
        send(engine, INCREMENTAL_A, 14310, 10);
        send(engine, INCREMENTAL_B, 15310, 11);
        assertEquals(FeedEngine.SNAPSHOT_FEED, engine.desiredFeeds(channel.channelIndex()));
        assertEquals(1, engine.duplicates());

        builder.packet(1, 20).snapshot52(5, 1, 1, 7, level('0', 1, 100, 5, 1));
        send(engine, SNAPSHOT_B, 15311, 20);
        assertEquals(FeedStatus.STALE, channel.channelStatus());
        send(engine, SNAPSHOT_A, 14311, 21);
        assertEquals(FeedStatus.LIVE, channel.channelStatus());
        assertEquals(0, engine.desiredFeeds(channel.channelIndex()));

        send(engine, OTHER_CHANNEL, 14320, 30);
        send(engine, LineMap.parseAddress("239.1.1.1"), 1, 31);
        assertEquals(1, engine.unconfiguredDatagrams());
        assertEquals(2, engine.unsubscribedDatagrams());
        assertEquals(4, engine.packets());
        assertEquals(1, engine.recoveries());
        assertEquals(0, engine.staleInstruments());
        assertEquals("bids=[100x5(1)] asks=[]", RecordingChannelListener.outright(
            channel.instrumentById(1).book()));
    }

    @Test
    void snapshotFeedBUsesTheBLines()
    {
        final FeedEngine engine = new FeedEngine(lineMap(), ChannelOptions.defaults().withQueueCapacity(64), Feed.B,
            id -> true, id -> false, listener, null, HandlerCounters.onHeap());
        final ChannelState channel = engine.channelById(310);
        builder.packet(3, 10).book46(END_OF_EVENT, book(1, 3, 0, '0', 1, 100, 5, 1));
        send(engine, INCREMENTAL_A, 14310, 10);
        builder.packet(1, 20).snapshot52(3, 1, 1, 3, level('0', 1, 100, 5, 1));
        send(engine, SNAPSHOT_A, 14311, 20);
        assertEquals(FeedStatus.STALE, channel.channelStatus());
        send(engine, SNAPSHOT_B, 15311, 21);
        assertEquals(FeedStatus.LIVE, channel.channelStatus());
        assertEquals(engine.lineMap().line(engine.lineMap().lineId(SNAPSHOT_B, 15311)), engine.snapshotLine(0));
    }

    @Test
    void conductorJoinsAndLeavesTheLinesTheChannelsAskFor()
    {
        final FeedEngine engine = new FeedEngine(lineMap(), ChannelOptions.defaults().withQueueCapacity(64), Feed.A,
            id -> true, id -> false, listener, null, HandlerCounters.onHeap());
        final List<String> actions = new ArrayList<>();
        final ConductorAgent conductor = new ConductorAgent(engine, new LineControl()
        {
            public boolean join(final io.xdpfeed.handler.config.Line line)
            {
                actions.add("join " + line.connectionId());
                return true;
            }

            public void leave(final io.xdpfeed.handler.config.Line line)
            {
                actions.add("leave " + line.connectionId());
            }
        });
        engine.start();
        assertEquals(1, conductor.doWork());
        assertEquals(0, conductor.doWork());

        builder.packet(9, 10).book46(END_OF_EVENT, book(1, 3, 0, '0', 1, 100, 5, 1));
        send(engine, INCREMENTAL_A, 14310, 10);
        conductor.doWork();
        builder.packet(1, 11).definition54(1, "ESZ8", "ES", 10, 0, 1, 1);
        send(engine, DEFINITION_A, 14312, 11);
        builder.packet(1, 12).snapshot52(9, 1, 1, 3, level('0', 1, 100, 5, 1));
        send(engine, SNAPSHOT_A, 14311, 12);
        conductor.doWork();

        assertEquals(List.of("join 310NA", "join 310SA", "leave 310SA", "leave 310NA"), actions);
        assertEquals(2, conductor.joins());
        assertEquals(2, conductor.leaves());
    }
    @Test
    void conductorJoinsTheMboSnapshotLineWithTheSnapshotLineOnAnMboChannelAndRetriesBoth()
    {
        final FeedEngine engine = new FeedEngine(lineMap("engine/config-mbo.xml"),
            ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> true, id -> true, listener, null, HandlerCounters.onHeap());
        final List<String> actions = new ArrayList<>();
        final boolean[] refuseMbo = {true};
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000);
        final ConductorAgent conductor = new ConductorAgent(engine, new LineControl()
        {
            public boolean join(final io.xdpfeed.handler.config.Line line)
            {
                final boolean refused = refuseMbo[0] && line.connectionId().equals("310MA");
                actions.add((refused ? "refuse " : "join ") + line.connectionId());
                return !refused;
            }

            public void leave(final io.xdpfeed.handler.config.Line line)
            {
                actions.add("leave " + line.connectionId());
            }
        }, clock, null);
        assertEquals("310MA", engine.snapshotMboLine(0).connectionId());
        engine.start();
        builder.packet(1, 1).definition54(1, "ESZ8", "ES", 10, 0, 1, 1);
        send(engine, DEFINITION_A, 14312, 1);
        builder.packet(9, 10).book46(END_OF_EVENT, book(1, 3, 0, '0', 1, 100, 5, 1));
        send(engine, INCREMENTAL_A, 14310, 10);
        conductor.doWork();
        assertEquals(0, conductor.joinedFeeds(0) & FeedEngine.SNAPSHOT_FEED, "half a join is undone");

        refuseMbo[0] = false;
        conductor.doWork();
        assertEquals(0, conductor.joinedFeeds(0) & FeedEngine.SNAPSHOT_FEED, "no retry before the interval");
        clock.advance(ConductorAgent.RETRY_INTERVAL_NS);
        conductor.doWork();
        assertEquals(FeedEngine.SNAPSHOT_FEED, conductor.joinedFeeds(0) & FeedEngine.SNAPSHOT_FEED);

        assertEquals(List.of("join 310SA", "refuse 310MA", "leave 310SA", "join 310SA", "join 310MA"), actions);
    }

    @Test
    void channelWithoutMboHasNoMboSnapshotLine()
    {
        final FeedEngine engine = new FeedEngine(lineMap("engine/config-mbo.xml"),
            ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> true, id -> false, listener, null, HandlerCounters.onHeap());
        assertNull(engine.snapshotMboLine(0));
    }
}
