package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.OrderBookJsonWriter;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulated sessions of random shapes and fault combinations, each replayed through the engine, which must end
 * with every instrument LIVE, its books (and, with market by order, its order books) equal to the simulator's truth
 * and nothing counted malformed. The shapes drawn: 1-25 instruments, depth 1-10, loss on A and B, bursts lost on
 * both lines (short and longer than the reorder window), duplicates, reordering, channel resets, market by order,
 * the snapshot and definition loops' periods, and a late start. Each session is drawn from its own seed, so a
 * failure names the one session to replay.
 * <p>
 * {@code -Dsweep.sessions=N} runs more sessions, {@code -Dsweep.seed=S} another set, {@code -Dsweep.extreme=true}
 * longer sessions with heavier faults (up to 31,000 packets, 49% loss per line, 30 bursts of up to 300 packets,
 * reordering across 70 packets, two resets).
 */
@Timeout(300)
class FaultSweepTest
{
    @Test
    void everySessionEndsLiveWithTheTruthsBooks()
    {
        final int sessions = Integer.getInteger("sweep.sessions", 60);
        final long seed = Long.getLong("sweep.seed", 1);
        final boolean extreme = Boolean.getBoolean("sweep.extreme");
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < sessions; i++)
        {
            final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + i);
            final boolean mbo = random.nextBoolean();
            final SimulatorConfig config = draw(random, mbo, extreme);
            final long skipDatagrams = random.nextInt(4) == 0 ? random.nextLong(config.packets()) : 0;
            final String session = "session " + i + " (sweep.seed " + seed + ", mbo " + mbo + ", skipDatagrams " +
                skipDatagrams + "): " + config;
            final String problem = problem(SimulatedReplay.replay(config, mbo, skipDatagrams), mbo);
            if (problem != null)
            {
                failures.add(problem + ": " + session);
            }
        }
        assertEquals(List.of(), failures);
    }

    static SimulatorConfig draw(final SplittableRandom random, final boolean mbo, final boolean extreme)
    {
        final long packets = 1_000 + random.nextInt(extreme ? 30_000 : 6_000);
        final double maxLoss = extreme ? 0.49 : 0.3;
        final SimulatorConfig.Builder builder = SimulatorConfig.builder()
            .mbo(mbo)
            .instruments(1 + random.nextInt(25))
            .packets(packets)
            .seed(random.nextLong(1_000_000))
            .depth(1 + random.nextInt(10))
            .lossA(random.nextBoolean() ? random.nextDouble() * maxLoss : 0)
            .lossB(random.nextBoolean() ? random.nextDouble() * maxLoss : 0)
            .lossBothBursts(random.nextInt(extreme ? 30 : 6))
            .burstLength(1 + random.nextInt(extreme ? 300 : 40))
            .duplicate(random.nextBoolean() ? random.nextDouble() * 0.1 : 0)
            .reorderWindow(random.nextBoolean() ? random.nextInt(extreme ? 70 : 12) : 0)
            .reorderProbability(random.nextDouble() * 0.5)
            .snapshotEvery(1 + random.nextInt(10))
            .definitionEvery(1 + random.nextInt(16))
            .impliedProbability(random.nextDouble() * 0.5);
        if (random.nextInt(3) == 0)
        {
            builder.resetAt(extreme ?
                new long[] { 1 + random.nextLong(packets / 2), packets / 2 + 1 + random.nextLong(packets / 2) } :
                new long[] { 1 + random.nextLong(packets) });
        }
        return builder.build();
    }

    /**
     * @return what is wrong with the replay's end, null when nothing.
     */
    private static String problem(final SimulatedReplay run, final boolean mbo)
    {
        final int books = run.result().books().size();
        assertTrue(books > 0, "the truth has books");
        final long stale = run.engine().staleInstruments();
        if (!TruthJson.toJson(run.result().books()).equals(
            TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(run.engine())))))
        {
            return "books differ from the truth (" + stale + " of " + books + " instruments stale)";
        }
        if (mbo && !OrderTruthJson.toJson(run.result().orderBooks()).equals(
            OrderTruthJson.toJson(OrderTruthJson.parse(OrderBookJsonWriter.toJson(run.engine())))))
        {
            return "order books differ from the truth (" + stale + " of " + books + " instruments stale)";
        }
        if (stale != 0)
        {
            return stale + " of " + books + " instruments stale";
        }
        if (run.engine().malformed() != 0)
        {
            return run.engine().malformed() + " malformed";
        }
        return null;
    }
}
