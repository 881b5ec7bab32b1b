package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.testing.BookHash;
import io.xdpfeed.sim.config.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trust at every moment, not only at the end: after every datagram of a faulty session, every instrument the engine
 * says is LIVE has the books (outright and implied; on a market-by-order channel its orders too) the exchange had
 * published up to the instrument's RptSeq. The reference is the same session without faults (the simulator's faults
 * never change its packets) through a second engine, whose books are noted, by instrument and RptSeq, after each
 * datagram. Sessions are drawn as in {@link FaultSweepTest}; a failure names the session, the MsgSeqNum and the
 * instrument. {@code -Dsweep.sessions=N -Dsweep.seed=S} draws
 * others.
 */
@Timeout(300)
class LiveBooksSweepTest
{
    private static final ChannelListener NOTHING = new ChannelListener()
    {
    };

    @Test
    void everyLiveInstrumentHasTheExchangesBooksAfterEveryDatagram()
    {
        final int sessions = Integer.getInteger("sweep.sessions", 30);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        long checked = 0;
        for (int i = 0; i < sessions; i++)
        {
            final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + 700_000 + i);
            final boolean mbo = random.nextBoolean();
            final SimulatorConfig config = FaultSweepTest.draw(random, mbo, false);
            final long skipDatagrams = random.nextInt(4) == 0 ? random.nextLong(config.packets()) : 0;
            final Map<Long, Set<Long>> reference = reference(config, mbo);
            final Check check = new Check(reference);
            SimulatedReplay.replay(config, mbo, skipDatagrams, NOTHING, check::after);
            checked += check.checked;
            if (check.problem != null)
            {
                failures.add(check.problem + ": session " + i + " (sweep.seed " + seed + ", mbo " + mbo +
                    ", skipDatagrams " + skipDatagrams + "): " + config);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > sessions * 1_000L, "live books checked: " + checked);
    }

    /**
     * @return by instrument and RptSeq, the hashes of the instrument's books once the engine applied everything up to
     * that RptSeq in the session without faults (a set: RptSeq starts again after a channel reset).
     */
    private static Map<Long, Set<Long>> reference(final SimulatorConfig config, final boolean mbo)
    {
        final SimulatorConfig clean = config.toBuilder().lossA(0).lossB(0).lossBothBursts(0).duplicate(0)
            .reorderWindow(0).build();
        final Map<Long, Set<Long>> books = new HashMap<>();
        SimulatedReplay.replay(clean, mbo, 0, NOTHING, engine ->
        {
            final ChannelState channel = engine.channel(0);
            for (int i = 0; i < channel.instrumentCount(); i++)
            {
                final Instrument instrument = channel.instrument(i);
                books.computeIfAbsent(key(instrument), key -> new HashSet<>()).add(BookHash.of(instrument, true));
            }
        });
        return books;
    }

    private static long key(final Instrument instrument)
    {
        return (long)instrument.securityId() << 32 | instrument.rptSeq();
    }

    /**
     * After each datagram of the faulty session: every LIVE instrument against the reference at its RptSeq (a
     * snapshot may have brought an instrument ahead of the channel's last packet: its book is then the exchange's at
     * that later RptSeq); the first difference is kept.
     */
    private static final class Check
    {
        private final Map<Long, Set<Long>> reference;
        private String problem;
        private long checked;

        Check(final Map<Long, Set<Long>> reference)
        {
            this.reference = reference;
        }

        void after(final FeedEngine engine)
        {
            if (problem != null)
            {
                return;
            }
            final ChannelState channel = engine.channel(0);
            for (int i = 0; i < channel.instrumentCount(); i++)
            {
                final Instrument instrument = channel.instrument(i);
                if (!instrument.isLive())
                {
                    continue;
                }
                final Set<Long> expected = reference.get(key(instrument));
                if (expected == null || !expected.contains(BookHash.of(instrument, true)))
                {
                    problem = "instrument " + instrument.securityId() + " LIVE at RptSeq " + instrument.rptSeq() +
                        " (MsgSeqNum " + channel.lastSeqNum() + ") with books the exchange never had there" +
                        (expected == null ? " (no book at that RptSeq)" : "");
                    return;
                }
                checked++;
            }
        }
    }
}
