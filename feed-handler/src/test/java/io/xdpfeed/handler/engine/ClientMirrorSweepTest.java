package io.xdpfeed.handler.engine;

import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MirroredStream;
import io.xdpfeed.handler.testing.MirroredTruth;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a strategy sees, under random faults: simulated sessions drawn as in {@link FaultSweepTest} replayed through
 * the engine into a {@link MarketDataProxy} on a real embedded media driver, read by a {@link MarketDataAdapter}
 * into a {@link BookMirror} and an {@link OrderBookMirror}. At the end every mirrored book is trusted (synced, the
 * handler's status LIVE) and equal, whole, to the simulator's truth (order books too, with market by order), and
 * nothing was dropped. A failure names the session. {@code -Dsweep.sessions=N -Dsweep.seed=S} draws others.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientMirrorSweepTest
{
    /** Room for a whole session's records: the publication is never back-pressured. */
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    private static final int FIRST_STREAM = 3_100;

    @Test
    void everySessionsMirrorsAreTrustedAndEqualTheTruth() throws Exception
    {
        final int sessions = Integer.getInteger("sweep.sessions", 12);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            for (int i = 0; i < sessions; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + 500_000 + i);
                final boolean mbo = random.nextBoolean();
                final SimulatorConfig config = FaultSweepTest.draw(random, mbo, false);
                final long skipDatagrams = random.nextInt(4) == 0 ? random.nextLong(config.packets()) : 0;
                final String problem = problem(aeron, FIRST_STREAM + i, config, mbo, skipDatagrams);
                if (problem != null)
                {
                    failures.add(problem + ": session " + i + " (sweep.seed " + seed + ", mbo " + mbo +
                        ", skipDatagrams " + skipDatagrams + "): " + config);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * @return what is wrong with the mirrors at the end, null when nothing.
     */
    private static String problem(
        final EmbeddedAeron aeron, final int stream, final SimulatorConfig config, final boolean mbo,
        final long skipDatagrams) throws InterruptedException
    {
        try (MirroredStream published = new MirroredStream(aeron.aeron(), CHANNEL, stream))
        {
            final MarketDataProxy proxy = published.proxy();
            final BookMirror bookMirror = published.bookMirror();
            final OrderBookMirror orderMirror = published.orderMirror();
            final SimulatedReplay run;
            try
            {
                run = SimulatedReplay.replay(config, mbo, skipDatagrams, proxy);
            }
            finally
            {
                published.awaitRead();
            }
            if (proxy.dropped() != 0)
            {
                return proxy.dropped() + " records dropped for back-pressure";
            }
            final int channelId = config.channel().channelId();
            final Map<Integer, TruthBook> mirrored = new TreeMap<>();
            final Map<Integer, TruthOrderBook> mirroredOrders = new TreeMap<>();
            final List<Integer> untrusted = new ArrayList<>();
            for (final int securityId : run.result().books().keySet())
            {
                final Book book = bookMirror.book(channelId, securityId);
                if (book == null || !book.isTrusted())
                {
                    untrusted.add(securityId);
                    continue;
                }
                mirrored.put(securityId, MirroredTruth.book(book));
                if (mbo)
                {
                    mirroredOrders.put(securityId, MirroredTruth.orders(orderMirror.book(channelId, securityId)));
                }
            }
            if (!untrusted.isEmpty())
            {
                return "mirrors not trusted at the end: " + untrusted + " (the engine's stale instruments " +
                    run.engine().staleInstruments() + ")";
            }
            if (!new TreeMap<>(run.result().books()).equals(mirrored))
            {
                return "mirrored books differ from the truth";
            }
            if (mbo && !new TreeMap<>(run.result().orderBooks()).equals(mirroredOrders))
            {
                return "mirrored order books differ from the truth";
            }
            return null;
        }
    }
}
