package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MirroringStrategy;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a strategy trusts, at every moment, under random faults: sessions drawn as in {@link FaultSweepTest} replayed
 * through the engine into a {@link MirroringStrategy} (a real embedded media driver, {@code feed-client}'s mirrors,
 * the mirror's snapshot requests answered by the engine): after <b>every datagram</b> every book the mirror trusts is
 * the handler's, whole, the handler's instrument and channel LIVE; at the end the mirror trusts every instrument. In
 * a third of the sessions the strategy joins late, at a random datagram, and recovers by snapshot requests; in a
 * second sweep it also stalls and loses records to back-pressure; a third runs two channels through one engine; a
 * fourth reads over UDP. A failure names the session and the datagram. {@code -Dsweep.sessions=N -Dsweep.seed=S}
 * draws others.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrustedMirrorSweepTest
{
    /** Room for a whole session's records: the publication is never back-pressured. */
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    /** A strategy on another host, here the loopback. */
    private static final String UDP_CHANNEL = "aeron:udp?endpoint=127.0.0.1:40456|term-length=16m";
    /** A window a stalled strategy fills. */
    private static final String STALLING_CHANNEL = "aeron:ipc?term-length=256k";
    private static final int FIRST_STREAM = 3_400;
    private static final ChannelConfig SECOND_CHANNEL = ChannelConfig.defaults().withChannelId(2)
        .withLine(SimLine.INCREMENTAL_A, "224.0.31.2:14320").withLine(SimLine.INCREMENTAL_B, "224.0.32.2:15320")
        .withLine(SimLine.SNAPSHOT_A, "224.0.25.2:6320").withLine(SimLine.DEFINITION_A, "224.0.26.2:7320");

    @Test
    void everyTrustedMirrorIsTheHandlersBookAfterEveryDatagram()
    {
        final long[] sums = sweep(CHANNEL, FIRST_STREAM, 900_000, false);
        assertTrue(sums[0] > sums[2] * 1_000L, "trusted books checked: " + sums[0]);
        assertEquals(0, sums[1], "records dropped");
    }

    /**
     * The same over UDP on the loopback, as a strategy on another host reads the stream (the driver's sender and
     * receiver, flow control and NAKs in between).
     */
    @Test
    void overUdpEveryTrustedMirrorIsTheHandlersBookAfterEveryDatagram()
    {
        final long[] sums = sweep(UDP_CHANNEL, FIRST_STREAM + 3_000, 990_000, false);
        assertTrue(sums[0] > sums[2] * 1_000L, "trusted books checked: " + sums[0]);
        assertEquals(0, sums[1], "records dropped");
    }

    /**
     * A strategy that stalls, one to three times per session for 200 to 3,000 datagrams, on a stream whose window
     * (256 KiB terms) fills meanwhile: the proxy drops what the engine publishes, the mirror sees the gap, asks for
     * snapshots, and trusts again only what is right.
     */
    @Test
    void aStrategyThatStallsLosesRecordsToBackPressureAndTrustsOnlyRightBooks()
    {
        final long[] sums = sweep(STALLING_CHANNEL, FIRST_STREAM + 1_000, 950_000, true);
        assertTrue(sums[0] > sums[2] * 1_000L, "trusted books checked: " + sums[0]);
        assertTrue(sums[1] > sums[2] * 1_000L, "records dropped: " + sums[1]);
    }

    /**
     * Two channels of different shapes and faults through one engine and one stream, their datagrams interleaved in
     * time (channel 2 on groups and SecurityIDs of its own, market by order drawn for each): a strategy's trust of
     * one channel's books is never the other's, and a gap on the stream stales both.
     */
    @Test
    void twoChannelsThroughOneEngineAreEachTrustedOnlyWhenRight()
    {
        final int sessions = Integer.getInteger("sweep.sessions", 12);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        long checked = 0;
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            for (int i = 0; i < sessions; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + 970_000 + i);
                final boolean mbo1 = random.nextBoolean();
                final boolean mbo2 = random.nextBoolean();
                final SimulatorConfig one = FaultSweepTest.draw(random, mbo1, false);
                final SimulatorConfig two = FaultSweepTest.draw(random, mbo2, false).toBuilder()
                    .firstSecurityId(5_001).channel(SECOND_CHANNEL).build();
                final long joinAt = random.nextInt(3) == 0 ? random.nextLong(one.packets()) : 0;
                final List<Datagram> datagrams = new ArrayList<>();
                final SimulationResult first = run(one, datagrams);
                final SimulationResult second = run(two, datagrams);
                datagrams.sort(Comparator.comparingLong(Datagram::timeNs));
                try (MirroringStrategy strategy = new MirroringStrategy(aeron.aeron(), CHANNEL,
                    FIRST_STREAM + 2_000 + i, joinAt))
                {
                    final FeedEngine engine = new FeedEngine(lineMap(one, two), ChannelOptions.defaults(), Feed.A,
                        id -> true, id -> id == 1 ? mbo1 : mbo2, strategy.proxy(), strategy.proxy(),
                        HandlerCounters.onHeap());
                    engine.start();
                    for (final Datagram datagram : datagrams)
                    {
                        engine.onDatagram(datagram.group(), datagram.port(), new UnsafeBuffer(datagram.bytes()), 0,
                            datagram.bytes().length, datagram.timeNs());
                        engine.onTimer(datagram.timeNs());
                        strategy.after(engine);
                    }
                    engine.flush(engine.lastReceiveTimeNs());
                    strategy.finish(engine);
                    checked += strategy.checked();
                    final String problem = strategy.problem(first.books().size() + second.books().size());
                    if (problem != null)
                    {
                        failures.add(problem + ": session " + i + " (sweep.seed " + seed + ", mbo " + mbo1 + "/" +
                            mbo2 + ", joined at datagram " + joinAt + "): " + one + " and " + two);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > sessions * 1_000L, "trusted books checked: " + checked);
    }

    private record Datagram(int group, int port, byte[] bytes, long timeNs)
    {
    }

    private static SimulationResult run(final SimulatorConfig config, final List<Datagram> datagrams)
    {
        return new ExchangeSimulator(config).run((group, port, buffer, offset, length, timeNs) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            datagrams.add(new Datagram(group, port, bytes, timeNs));
        });
    }

    /**
     * @return the CME config of both channels, as the simulator writes each.
     */
    private static LineMap lineMap(final SimulatorConfig one, final SimulatorConfig two)
    {
        final String first = CmeConfigWriter.toXml(one);
        final String second = CmeConfigWriter.toXml(two);
        final String end = "</configuration>";
        final String xml = first.substring(0, first.lastIndexOf(end)) +
            second.substring(second.indexOf("  <channel id="), second.lastIndexOf(end)) + end + "\n";
        return CmeConfigParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "two channels");
    }

    /**
     * @return trusted books checked, records dropped, sessions.
     */
    private static long[] sweep(final String channel, final int firstStream, final long seedOffset, final boolean stalls)
    {
        final int sessions = Integer.getInteger("sweep.sessions", 12);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        long checked = 0;
        long dropped = 0;
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            for (int i = 0; i < sessions; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + seedOffset + i);
                final boolean mbo = random.nextBoolean();
                final SimulatorConfig config = FaultSweepTest.draw(random, mbo, false);
                final long joinAt = random.nextInt(3) == 0 ? random.nextLong(config.packets()) : 0;
                final List<long[]> stalled = new ArrayList<>();
                for (int stall = 0, n = stalls ? 1 + random.nextInt(3) : 0; stall < n; stall++)
                {
                    final long from = random.nextLong(config.packets());
                    stalled.add(new long[]{from, from + 200 + random.nextInt(2_800)});
                }
                try (MirroringStrategy strategy = new MirroringStrategy(aeron.aeron(), channel, firstStream + i,
                    joinAt, datagram -> stalled.stream().anyMatch(range -> datagram >= range[0] && datagram < range[1])))
                {
                    final SimulatedReplay run = SimulatedReplay.replay(config, mbo, 0, strategy.proxy(),
                        strategy.proxy(), strategy::after);
                    strategy.finish(run.engine());
                    checked += strategy.checked();
                    dropped += strategy.proxy().dropped();
                    final String problem = strategy.problem(run.result().books().size());
                    if (problem != null)
                    {
                        failures.add(problem + ": session " + i + " (sweep.seed " + seed + ", mbo " + mbo +
                            ", joined at datagram " + joinAt + ", stalled " + stalled.stream()
                            .map(range -> range[0] + ".." + range[1]).toList() + "): " + config);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        return new long[]{checked, dropped, sessions};
    }
}
