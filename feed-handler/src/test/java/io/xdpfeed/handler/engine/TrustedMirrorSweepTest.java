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
 * a third of the sessions the strategy joins late, at a random datagram, and recovers by snapshot requests. A failure
 * names the session and the datagram. {@code -Dsweep.sessions=N -Dsweep.seed=S} draws others.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrustedMirrorSweepTest
{
    /** Room for a whole session's records: the publication is never back-pressured. */
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    private static final int FIRST_STREAM = 3_400;

    @Test
    void everyTrustedMirrorIsTheHandlersBookAfterEveryDatagram()
    {
        final int sessions = Integer.getInteger("sweep.sessions", 12);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        long checked = 0;
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            for (int i = 0; i < sessions; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + 900_000 + i);
                final boolean mbo = random.nextBoolean();
                final SimulatorConfig config = FaultSweepTest.draw(random, mbo, false);
                final long joinAt = random.nextInt(3) == 0 ? random.nextLong(config.packets()) : 0;
                try (MirroringStrategy strategy = new MirroringStrategy(aeron.aeron(), CHANNEL, FIRST_STREAM + i,
                    joinAt))
                {
                    final SimulatedReplay run = SimulatedReplay.replay(config, mbo, 0, strategy.proxy(),
                        strategy.proxy(), strategy::after);
                    strategy.finish(run.engine());
                    checked += strategy.checked();
                    final String problem = strategy.problem(run.result().books().size());
                    if (problem != null)
                    {
                        failures.add(problem + ": session " + i + " (sweep.seed " + seed + ", mbo " + mbo +
                            ", joined at datagram " + joinAt + "): " + config);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > sessions * 1_000L, "trusted books checked: " + checked);
    }
}
