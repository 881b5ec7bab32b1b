package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.stats.HandlerCounter;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up drives a scratch engine and leaves the live one alone: a live engine that has applied a real capture
 * and published it on a live IPC stream has the same books, counters and stream position after a warm-up, its
 * subscriber receives nothing more, and no thread or file of the warm-up is left behind.
 */
@Timeout(60)
class WarmUpTest
{
    private static final String LIVE_CHANNEL = "aeron:ipc?term-length=1m";
    private static final int LIVE_STREAM = 1001;
    private static final int WARM_UP_PACKETS = 3_000;

    /**
     * Everything a warm-up must not change: the live engine's counters and books, the publisher's counts, the stream.
     */
    private record LiveState(List<Long> engineCounts, String books, long recordSeq, long published, long dropped,
        long streamPosition)
    {
        static LiveState of(final FeedEngine engine, final MarketDataProxy proxy, final ExclusivePublication stream)
        {
            return new LiveState(List.of(engine.datagrams(), engine.packets(), engine.unconfiguredDatagrams(),
                engine.unsubscribedDatagrams(), engine.recoveryDatagrams(), engine.unwantedRecoveryDatagrams(),
                engine.counters().counter(HandlerCounter.SNAPSHOT_REQUESTS).get(), engine.duplicates(), engine.gaps(),
                engine.lostPackets(), engine.recoveries(), engine.snapshotsApplied(),
                engine.counters().total(ChannelCounter.SNAPSHOTS_REFUSED), engine.queueOverflows(),
                engine.counters().total(ChannelCounter.TAIL_LOSSES),
                engine.rptSeqGaps(), engine.malformed(), engine.staleInstruments(), engine.instruments(),
                engine.lastReceiveTimeNs()), BookJsonWriter.toJson(engine), proxy.recordSeq(), proxy.published(),
                proxy.dropped(), stream.position());
        }
    }

    @Test
    void leavesTheLiveBooksCountersAndStreamUntouched() throws IOException
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final LineMap lineMap = TestCaptures.config(TestCaptures.V9);
            final CalibratedEpochClock clock = CalibratedEpochClock.calibrate();
            final ExclusivePublication stream = aeron.aeron().addExclusivePublication(LIVE_CHANNEL, LIVE_STREAM);
            final Subscription subscriber = aeron.aeron().addSubscription(LIVE_CHANNEL, LIVE_STREAM);
            // the driver links the subscription before the client conductor hands it the image: wait for both, or
            // the first poll below can find no image yet and read nothing
            while (!stream.isConnected() || !subscriber.isConnected())
            {
                Thread.onSpinWait();
            }
            final MarketDataProxy proxy = new MarketDataProxy(stream, clock);
            final ChannelOptions options = ChannelOptions.defaults().withReceiveTimeOffsetNs(0);
            final FeedEngine engine = new FeedEngine(lineMap, options, Feed.A, id -> true, id -> false, proxy, proxy,
                HandlerCounters.onHeap());
            engine.start();
            try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(TestCaptures.V9)))
            {
                while (!source.isEnd())
                {
                    source.poll(engine, 256);
                    engine.onTimer(engine.lastReceiveTimeNs());
                }
            }
            final List<Integer> received = new ArrayList<>();
            while (subscriber.poll((buffer, offset, length, header) -> received.add(length), 1024) > 0)
            {
                Thread.onSpinWait();
            }
            final LiveState before = LiveState.of(engine, proxy, stream);
            final Set<Long> threadsBefore = threadIds();
            final Set<String> filesBefore = files(Path.of(aeron.directory()));
            assertTrue(before.published() > 0 && !received.isEmpty(), "the live engine published the capture");

            final WarmUp.Result result = WarmUp.run(aeron.aeron(), Protocols.MDP3, lineMap,
                options.withReceiveTimeOffsetNs(clock.offsetNs()), Feed.A, id -> true, id -> false, clock, true,
                WARM_UP_PACKETS);

            assertEquals(before, LiveState.of(engine, proxy, stream));
            final List<Integer> receivedAfter = new ArrayList<>();
            subscriber.poll((buffer, offset, length, header) -> receivedAfter.add(length), 1024);
            assertEquals(List.of(), receivedAfter);
            assertEquals(threadsBefore, threadIds());
            // the real path ran: round-robin over the channels with A and B incremental lines, each packet applied
            // once (the B copies are duplicates) and published
            assertEquals(List.of(2L * WARM_UP_PACKETS, (long)WARM_UP_PACKETS),
                List.of(result.datagrams(), result.packets()));
            assertTrue(result.published() > 0 && result.published() + result.dropped() >= WARM_UP_PACKETS,
                result.describe());
            // the driver removes the scratch stream's log buffer once its linger time is over
            while (!files(Path.of(aeron.directory())).equals(filesBefore))
            {
                Thread.sleep(50);
            }
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void leavesAnUnconfiguredLineMapAloneAndWarmsAPrivateChannel()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final LineMap learnt = LineMap.unconfigured(64);
            final CalibratedEpochClock clock = CalibratedEpochClock.calibrate();
            final WarmUp.Result result = WarmUp.run(aeron.aeron(), Protocols.MDP3, learnt,
                ChannelOptions.defaults().withReceiveTimeOffsetNs(clock.offsetNs()), Feed.A, id -> true, id -> false,
                clock, false, 1_000);

            assertEquals(List.of(0, 0), List.of(learnt.lineCount(), learnt.channelCount()));
            assertEquals(List.of(2_000L, 1_000L), List.of(result.datagrams(), result.packets()));
        }
    }

    /**
     * With {@code xdpfeed.protocol=itch} the warm-up drives the protocol's synthetic ITCH (MoldUDP64 sessions of order
     * flow) through scratch ITCH engines on the live ITCH lines: every packet applied once, the B copies duplicates,
     * records published on the scratch stream.
     */
    @Test
    void warmsTheItchPathWithSyntheticItch()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final Properties properties = new Properties();
            properties.setProperty("xdpfeed.itch.lines.a", "1@239.77.18.1:26400");
            properties.setProperty("xdpfeed.itch.lines.b", "1@239.77.18.2:26401");
            final LineMap lineMap = Configuration.itchLines(properties).lineMap();
            final CalibratedEpochClock clock = CalibratedEpochClock.calibrate();
            final WarmUp.Result result = WarmUp.run(aeron.aeron(), Protocols.ITCH, lineMap,
                ChannelOptions.defaults().withReceiveTimeOffsetNs(clock.offsetNs()), Feed.A, id -> true, id -> false,
                clock, true, 2_000);

            assertEquals(List.of(4_000L, 2_000L, 0L), List.of(result.datagrams(), result.packets(), result.dropped()));
            assertTrue(result.published() > 2_000, result.describe());
            assertEquals(List.of(true, true, false), List.of(WarmUp.supports(Protocols.MDP3),
                WarmUp.supports(Protocols.ITCH), lineMap.lineCount() == 0));
        }
    }

    @Test
    void zeroPacketsIsOff()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final WarmUp.Result result = WarmUp.run(aeron.aeron(), Protocols.MDP3,
                TestCaptures.config(TestCaptures.V9), ChannelOptions.defaults(), Feed.A, id -> true, id -> false,
                CalibratedEpochClock.calibrate(), true, 0);

            assertEquals(new WarmUp.Result(0, 0, 0, 0, 0), result);
        }
    }

    private static Set<Long> threadIds()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::threadId)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> files(final Path directory) throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            return paths.filter(Files::isRegularFile).map(Path::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
