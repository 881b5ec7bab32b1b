package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MirroringStrategy;
import io.xdpfeed.sim.config.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
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
second sweep it also stalls and loses records to back-pressure. A failure
 * names the session and the datagram. {@code -Dsweep.sessions=N -Dsweep.seed=S} draws others.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrustedMirrorSweepTest
{
    /** Room for a whole session's records: the publication is never back-pressured. */
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    /** A window a stalled strategy fills. */
    private static final String STALLING_CHANNEL = "aeron:ipc?term-length=256k";
    private static final int FIRST_STREAM = 3_400;

    @Test
    void everyTrustedMirrorIsTheHandlersBookAfterEveryDatagram()
    {
        final long[] sums = sweep(CHANNEL, FIRST_STREAM, 900_000, false);
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
