package io.xdpfeed.handler.engine;

import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;
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
                books.computeIfAbsent(key(instrument), key -> new HashSet<>()).add(hash(instrument));
            }
        });
        return books;
    }

    private static long key(final Instrument instrument)
    {
        return (long)instrument.securityId() << 32 | instrument.rptSeq();
    }

    /**
     * @return a hash of the instrument's books: the four sides, and its orders on a market-by-order channel (the sum
     * of a hash of each order's id, side, price, quantity and priority: in no order, nothing allocated).
     */
    private static long hash(final Instrument instrument)
    {
        long hash = hash(instrument.book());
        final OrderBook orders = instrument.orderBook();
        if (orders != null)
        {
            long sum = orders.orderCount();
            for (int i = 0; i < orders.orderCount(); i++)
            {
                long order = orders.orderIdAt(i) * 0x9E3779B97F4A7C15L + (orders.isBidAt(i) ? 1 : 0);
                order = (order ^ (order >>> 29)) * 0xBF58476D1CE4E5B9L + orders.priceAt(i);
                order = (order ^ (order >>> 32)) * 0x94D049BB133111EBL + orders.sizeAt(i);
                order = (order ^ (order >>> 29)) * 0x9E3779B97F4A7C15L + orders.priorityAt(i);
                sum += order ^ (order >>> 31);
            }
            hash = hash * 31 + sum;
        }
        return hash;
    }

    private static long hash(final MbpBook book)
    {
        long hash = hash(17, book.bids());
        hash = hash(hash, book.asks());
        hash = hash(hash, book.impliedBids());
        return hash(hash, book.impliedAsks());
    }

    private static long hash(final long seed, final MbpSide side)
    {
        long hash = seed * 31 + side.count();
        for (int level = 1; level <= side.count(); level++)
        {
            hash = ((hash * 31 + side.price(level)) * 31 + side.size(level)) * 31 + side.orderCount(level);
        }
        return hash;
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
                if (expected == null || !expected.contains(hash(instrument)))
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
