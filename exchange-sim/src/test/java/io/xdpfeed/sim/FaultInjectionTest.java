package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loss, bursts, duplicates and reordering happen as asked, counted from what was actually sent.
 */
@Timeout(120)
class FaultInjectionTest
{
    private static final long PACKETS = 40_000;

    @Test
    void oneLineLossHappensAtTheAskedRateAndNeverOnBothLines()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(5).packets(PACKETS).seed(1)
            .lossA(0.03).lossB(0.01).build();
        final SimulationResult[] result = new SimulationResult[1];
        final Sent sent = Sent.of(RecordingSink.record(config, result));

        final long missingA = PACKETS - sent.seqs(SimLine.INCREMENTAL_A).size();
        final long missingB = PACKETS - sent.seqs(SimLine.INCREMENTAL_B).size();
        assertEquals(result[0].faults().lostOnA(), missingA);
        assertEquals(result[0].faults().lostOnB(), missingB);
        assertWithin(0.03 * PACKETS, missingA, "loss on A");
        assertWithin(0.01 * PACKETS, missingB, "loss on B");
        assertEquals(0, result[0].faults().lostOnBoth());
        for (long seq = 1; seq <= PACKETS; seq++)
        {
            assertTrue(sent.seqs(SimLine.INCREMENTAL_A).contains(seq) || sent.seqs(SimLine.INCREMENTAL_B).contains(seq),
                "packet " + seq + " reaches at least one line");
        }
    }

    @Test
    void burstsRemovePacketsFromBothLines()
    {
        final int bursts = 5;
        final int burstLength = 7;
        final SimulatorConfig config = SimulatorConfig.builder().instruments(5).packets(PACKETS).seed(2)
            .lossBothBursts(bursts).burstLength(burstLength).lossA(0.01).build();
        final SimulationResult[] result = new SimulationResult[1];
        final Sent sent = Sent.of(RecordingSink.record(config, result));

        final Set<Long> missingOnBoth = new HashSet<>();
        for (long seq = 1; seq <= PACKETS; seq++)
        {
            if (!sent.seqs(SimLine.INCREMENTAL_A).contains(seq) && !sent.seqs(SimLine.INCREMENTAL_B).contains(seq))
            {
                missingOnBoth.add(seq);
            }
        }
        final Set<Long> inBursts = new HashSet<>();
        assertEquals(bursts, result[0].faults().bursts().size());
        long previousEnd = 0;
        for (final long[] burst : result[0].faults().bursts())
        {
            assertTrue(burst[0] > previousEnd + 1 && burst[1] >= burst[0] && burst[1] - burst[0] < burstLength,
                "bursts are separate and at most " + burstLength + " long");
            assertTrue(burst[0] >= 2 && burst[1] < PACKETS, "bursts stay inside the session");
            for (long seq = burst[0]; seq <= burst[1]; seq++)
            {
                inBursts.add(seq);
            }
            previousEnd = burst[1];
        }
        assertEquals(inBursts, missingOnBoth, "exactly the burst packets are missing from both lines");
        assertEquals(result[0].faults().lostOnBoth(), missingOnBoth.size());
    }

    @Test
    void duplicatesAndReorderingHappenAsAsked()
    {
        final int window = 5;
        final SimulatorConfig config = SimulatorConfig.builder().instruments(5).packets(PACKETS).seed(3)
            .duplicate(0.02).reorderWindow(window).reorderProbability(0.05).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        final Map<SimLine, Long> duplicates = new EnumMap<>(SimLine.class);
        final Map<SimLine, Long> reordered = new EnumMap<>(SimLine.class);
        final Map<SimLine, Long> maxSeq = new EnumMap<>(SimLine.class);
        final Map<SimLine, Set<Long>> seen = new EnumMap<>(SimLine.class);
        for (final Datagram datagram : datagrams)
        {
            if (!datagram.line().isIncremental())
            {
                continue;
            }
            final SimLine line = datagram.line();
            final long seq = datagram.msgSeqNum();
            if (!seen.computeIfAbsent(line, key -> new HashSet<>()).add(seq))
            {
                duplicates.merge(line, 1L, Long::sum);
            }
            final long max = maxSeq.getOrDefault(line, 0L);
            if (seq < max)
            {
                reordered.merge(line, 1L, Long::sum);
                assertTrue(max - seq <= window, "held back by at most the window: " + (max - seq));
            }
            maxSeq.put(line, Math.max(max, seq));
        }
        assertEquals(result[0].faults().duplicatesA(), duplicates.get(SimLine.INCREMENTAL_A));
        assertEquals(result[0].faults().duplicatesB(), duplicates.get(SimLine.INCREMENTAL_B));
        assertEquals(result[0].faults().reorderedA(), reordered.get(SimLine.INCREMENTAL_A));
        assertEquals(result[0].faults().reorderedB(), reordered.get(SimLine.INCREMENTAL_B));
        assertWithin(0.02 * PACKETS, duplicates.get(SimLine.INCREMENTAL_A), "duplicates on A");
        assertWithin(0.02 * PACKETS, duplicates.get(SimLine.INCREMENTAL_B), "duplicates on B");
        assertTrue(reordered.get(SimLine.INCREMENTAL_A) > 0.03 * PACKETS, "reordered on A");
        assertEquals(PACKETS, seen.get(SimLine.INCREMENTAL_A).size(), "nothing lost on A");
        assertEquals(PACKETS, seen.get(SimLine.INCREMENTAL_B).size(), "nothing lost on B");
        assertEquals(PACKETS + result[0].faults().duplicatesA(), result[0].datagrams(SimLine.INCREMENTAL_A));
    }

    @Test
    void noFaultsByDefault()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(3).packets(2_000).build();
        final SimulationResult[] result = new SimulationResult[1];
        final Sent sent = Sent.of(RecordingSink.record(config, result));
        assertEquals(2_000, sent.seqs(SimLine.INCREMENTAL_A).size());
        assertEquals(2_000, result[0].datagrams(SimLine.INCREMENTAL_B));
        assertFalse(sent.outOfOrder, "in order");
        final SimulationResult.Faults faults = result[0].faults();
        assertEquals(0, faults.duplicatesA() + faults.reorderedA() + faults.lostOnA());
    }

    private static void assertWithin(final double expected, final long actual, final String what)
    {
        final double sigma = Math.sqrt(expected);
        assertTrue(Math.abs(actual - expected) <= 5 * sigma + 1,
            what + ": " + actual + " not within 5 sigma of " + expected);
    }

    private record Sent(Map<SimLine, Set<Long>> bySeq, boolean outOfOrder)
    {
        static Sent of(final List<Datagram> datagrams)
        {
            final Map<SimLine, Set<Long>> seqs = new EnumMap<>(SimLine.class);
            final Map<SimLine, Long> last = new EnumMap<>(SimLine.class);
            boolean outOfOrder = false;
            for (final Datagram datagram : datagrams)
            {
                if (datagram.line().isIncremental())
                {
                    seqs.computeIfAbsent(datagram.line(), key -> new HashSet<>()).add(datagram.msgSeqNum());
                    outOfOrder |= datagram.msgSeqNum() <= last.getOrDefault(datagram.line(), 0L);
                    last.put(datagram.line(), datagram.msgSeqNum());
                }
            }
            return new Sent(seqs, outOfOrder);
        }

        Set<Long> seqs(final SimLine line)
        {
            return bySeq.getOrDefault(line, Set.of());
        }
    }
}
