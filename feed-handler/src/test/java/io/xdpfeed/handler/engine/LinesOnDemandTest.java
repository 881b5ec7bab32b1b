package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.testing.ListPacketSource;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import io.xdpfeed.handler.testing.SubscribingPacketSource;
import io.xdpfeed.ingress.Subscription;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.UUID;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which lines a live handler receives when: only the incremental A/B lines from the start, the definition line until
 * one loop was seen, the snapshot line on a late start or a gap until every instrument is recovered; joins that fail
 * are counted and tried again; {@code always} and given sources keep every line.
 */
@Timeout(60)
class LinesOnDemandTest
{
    private static final String INCREMENTAL_A = "239.77.1.1:14310";
    private static final String INCREMENTAL_B = "239.77.2.1:15310";
    private static final String SNAPSHOT_A = "239.77.1.2:14311";
    private static final String DEFINITION_A = "239.77.1.3:14312";

    private final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
    private final RecordingChannelListener listener = new RecordingChannelListener();

    @Test
    void liveSourceStartsWithIncrementalLinesJoinsDefinitionsThenSnapshotsOnALateStartAndLeavesThem()
    {
        final List<String> opened = new ArrayList<>();
        final AtomicReference<SubscribingPacketSource> sourceRef = new AtomicReference<>();
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .channels(310)
            .packetSourceFactory((ctx, lines) ->
            {
                final List<Subscription> subscriptions = new ArrayList<>();
                for (final Line line : lines)
                {
                    opened.add(line.connectionId());
                    subscriptions.add(SourceLineControl.subscription(line));
                }
                final SubscribingPacketSource source = new SubscribingPacketSource(subscriptions);
                sourceRef.set(source);
                return source;
            })
            .threadingMode(ThreadingMode.DEDICATED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0);

        try (FeedHandler handler = FeedHandler.launch(context))
        {
            final SubscribingPacketSource source = sourceRef.get();
            assertEquals(List.of("310IA", "310IB"), opened);
            assertTrue(handler.lineControl() instanceof SourceLineControl);
            await(() -> source.actions().equals(List.of("+" + DEFINITION_A)), source);

            builder.packet(1, 1).definition54(1, "ESZ8", "ES", 10, 0, 1, 1);
            add(source, DEFINITION_A);
            await(() -> source.actions().size() == 2, source);

            builder.packet(9, 10).book46(END_OF_EVENT, book(1, 3, 0, '0', 1, 100, 5, 1));
            add(source, INCREMENTAL_A);
            add(source, INCREMENTAL_B);
            await(() -> source.actions().size() == 3, source);

            builder.packet(1, 20).snapshot52(9, 1, 1, 3, level('0', 1, 100, 5, 1));
            add(source, SNAPSHOT_A);
            await(() -> source.actions().size() == 4, source);
            assertEquals(List.of("+" + DEFINITION_A, "-" + DEFINITION_A, "+" + SNAPSHOT_A, "-" + SNAPSHOT_A),
                source.actions());

            final CountersReader counters = handler.aeron().countersReader();
            // totals the conductor sums from the channels' counters on its own cycle: waited for, not read at once
            await(() -> FeedHandlerTest.counterValue(counters, "xdpfeed line leaves") == 2 &&
                FeedHandlerTest.counterValue(counters, "xdpfeed recovery-line datagrams") == 2 &&
                FeedHandlerTest.counterValue(counters, "xdpfeed snapshots applied") == 1, source);
            assertEquals(2, FeedHandlerTest.counterValue(counters, "xdpfeed line joins"));
            assertEquals(0, FeedHandlerTest.counterValue(counters, "xdpfeed line join failures"));
            assertEquals(0, FeedHandlerTest.counterValue(counters, "xdpfeed recovery-line datagrams not wanted"));
            assertEquals(1, FeedHandlerTest.counterValue(counters, "xdpfeed snapshots applied"));

            // left: a snapshot sent now never reaches the engine
            builder.packet(2, 30).snapshot52(9, 1, 1, 3, level('0', 1, 100, 5, 1));
            add(source, SNAPSHOT_A);
            await(() -> source.filtered() == 1, source);
        }
        assertTrue(sourceRef.get().isClosed());
    }

    @Test
    void alwaysReceivesEveryLineWithoutLineControl()
    {
        final List<String> opened = new ArrayList<>();
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .channels(310)
            .recoveryLines("always")
            .packetSourceFactory((ctx, lines) ->
            {
                lines.forEach(line -> opened.add(line.connectionId()));
                return new SubscribingPacketSource(List.of());
            })
            .threadingMode(ThreadingMode.SHARED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0);
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            assertEquals(List.of("310IA", "310IB", "310SA", "310SB", "310NA", "310NB"), opened);
            assertSame(LineControl.NONE, handler.lineControl());
        }
    }

    @Test
    void givenSourceKeepsEveryLine()
    {
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .channels(310)
            .packetSource(new ListPacketSource("pcap"))
            .threadingMode(ThreadingMode.SHARED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0);
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            assertSame(LineControl.NONE, handler.lineControl());
        }
    }

    @Test
    void sourceThatCannotJoinLinesStopsStartUpSayingWhatToDo()
    {
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .channels(310)
            .packetSourceFactory((ctx, lines) -> new ListPacketSource("odd"))
            .threadingMode(ThreadingMode.SHARED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(0);
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> FeedHandler.launch(context));
        assertEquals("xdpfeed.recovery.lines=on-demand: the odd source cannot join lines while running: set " +
            "xdpfeed.recovery.lines=always", ex.getMessage());

        assertEquals("xdpfeed.recovery.lines=sometimes is neither on-demand nor always", assertThrows(
            ConfigurationException.class, () -> new FeedHandler.Context().lineMap(FeedEngineTest.lineMap())
                .recoveryLines("sometimes").conclude()).getMessage());
    }

    @Test
    void failedJoinIsCountedAndTriedAgainAfterTheRetryInterval()
    {
        final FeedEngine engine = new FeedEngine(FeedEngineTest.lineMap(),
            ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> true, id -> false, listener, null, HandlerCounters.onHeap());
        final SubscribingPacketSource source = new SubscribingPacketSource(List.of());
        final SourceLineControl lineControl = new SourceLineControl(source);
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000);
        final ConductorAgent conductor = new ConductorAgent(engine, lineControl, clock, null);

        source.refuseJoins(1);
        engine.start();
        assertEquals(1, conductor.doWork());
        assertEquals(1, lineControl.joinFailures());
        assertEquals(0, conductor.joinedFeeds(0));
        assertEquals(0, conductor.doWork(), "waits before trying again");

        clock.advance(ConductorAgent.RETRY_INTERVAL_NS);
        assertEquals(1, conductor.doWork());
        assertEquals(FeedEngine.DEFINITION_FEED, conductor.joinedFeeds(0));
        assertEquals(List.of("!" + DEFINITION_A, "+" + DEFINITION_A), source.actions());
        assertEquals(1, conductor.joins());

        builder.packet(1, 1).definition54(1, "ESZ8", "ES", 10, 0, 1, 1);
        engine.onDatagram(address(DEFINITION_A), 14312, builder.buffer(), 0, builder.length(), 1);
        builder.packet(7, 2).book46(END_OF_EVENT, book(1, 3, 0, '0', 1, 100, 5, 1));
        engine.onDatagram(address(INCREMENTAL_A), 14310, builder.buffer(), 0, builder.length(), 2);
        assertEquals(1, conductor.doWork());
        assertEquals(FeedEngine.SNAPSHOT_FEED, conductor.joinedFeeds(0));
        assertEquals(List.of("!" + DEFINITION_A, "+" + DEFINITION_A, "+" + SNAPSHOT_A, "-" + DEFINITION_A),
            source.actions());
    }

    private static int address(final String groupAndPort)
    {
        return Subscription.parse(groupAndPort).groupAddress();
    }

    private void add(final SubscribingPacketSource source, final String groupAndPort)
    {
        final Subscription subscription = Subscription.parse(groupAndPort);
        source.datagrams().add(subscription.groupAddress(), subscription.port(), builder, System.nanoTime());
    }

    private static void await(final BooleanSupplier condition, final SubscribingPacketSource source)
    {
        while (!condition.getAsBoolean())
        {
            if (Thread.currentThread().isInterrupted())
            {
                throw new AssertionError("interrupted waiting; actions " + source.actions());
            }
            Thread.yield();
        }
    }
}
