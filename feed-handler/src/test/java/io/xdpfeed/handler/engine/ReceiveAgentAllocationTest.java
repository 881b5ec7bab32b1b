package io.xdpfeed.handler.engine;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.testing.CyclingPacketSource;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receive thread allocates nothing in steady state: a million packets (each on line A and B) of 12 book
 * entries and a trade go through source, arbitration, decoding, books and tryClaim on a real IPC publication, and
 * the thread's allocated bytes do not move. (Measured after a warm-up long enough for the JIT to have compiled every
 * path taken, Aeron's end-of-term included.)
 */
@Timeout(300)
class ReceiveAgentAllocationTest
{
    private static final int WARM_UP_PACKETS = 1_000_000;
    private static final int MEASURED_PACKETS = 1_000_000;
    private static final int BACK_PRESSURE_PACKETS = 64_000;
    private static final int POLL_LIMIT = 64;
    private static final int TERM_LENGTH = 4 * 1024 * 1024;

    static Mdp3PacketBuilder steadyStatePacket()
    {
        final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
        final Mdp3PacketBuilder.BookEntry[] entries = new Mdp3PacketBuilder.BookEntry[12];
        for (int i = 0; i < 6; i++)
        {
            entries[i] = book(1, 0, 1, '0', i + 1, 100 - i, 10 + i, 1 + i);
            entries[6 + i] = book(1, 0, 1, '1', i + 1, 101 + i, 20 + i, 2 + i);
        }
        return builder.packet(0, 0)
            .book46(END_OF_EVENT, entries)
            .trade48(END_OF_EVENT, new Mdp3PacketBuilder.TradeEntry(1, 0, 100, 1, 2, 1, 5));
    }

    static int[] rptSeqOffsets(final Mdp3PacketBuilder builder)
    {
        final int[] offsets = new int[13];
        for (int i = 0; i < 12; i++)
        {
            offsets[i] = builder.entryFieldOffset(0, i, 32, 16);
        }
        offsets[12] = builder.entryFieldOffset(1, 0, 32, 16);
        return offsets;
    }

    @Test
    void steadyStateAllocatesNothingOnTheReceiveThread()
    {
        final com.sun.management.ThreadMXBean threads = AllocationWindows.threads();

        // small terms: the warm-up crosses many term ends, so the JIT has compiled Aeron's end-of-term path (a
        // deoptimization there would re-materialise objects and count as allocation) before the measurement
        try (EmbeddedAeron aeron = new EmbeddedAeron(TERM_LENGTH))
        {
            final Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", 1001);
            final ExclusivePublication publication = aeron.aeron().addExclusivePublication("aeron:ipc", 1001);
            while (!publication.isConnected() || !subscription.isConnected())
            {
                Thread.onSpinWait();
            }
            // the counters in the embedded driver's CnC file, as live: the stages write them in place
            final HandlerCounters counters = new HandlerCounters(aeron.aeron());
            final MarketDataProxy proxy = new MarketDataProxy(publication, new OffsetEpochNanoClock(),
                counters.counter(HandlerCounter.RECORDS_PUBLISHED),
                counters.counter(HandlerCounter.BACK_PRESSURE_DROPS),
                counters.counter(HandlerCounter.NOT_CONNECTED_DROPS));
            final FeedEngine engine = new FeedEngine(FeedEngineTest.lineMap(),
                ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> id == 310, id -> false, proxy, proxy,
                counters);

            final Mdp3PacketBuilder first = new Mdp3PacketBuilder().packet(1, 1);
            final Mdp3PacketBuilder.BookEntry[] news = new Mdp3PacketBuilder.BookEntry[12];
            for (int i = 0; i < 6; i++)
            {
                news[i] = book(1, i + 1, 0, '0', i + 1, 100 - i, 10, 1);
                news[6 + i] = book(1, 7 + i, 0, '1', i + 1, 101 + i, 20, 2);
            }
            first.book46(END_OF_EVENT, news);
            engine.onDatagram(FeedEngineTest.INCREMENTAL_A, 14310, first.buffer(), 0, first.length(),
                System.nanoTime());

            final Mdp3PacketBuilder steady = steadyStatePacket();
            final CyclingPacketSource source = new CyclingPacketSource(steady.toBytes(), rptSeqOffsets(steady), 2, 13,
                FeedEngineTest.INCREMENTAL_A, 14310, FeedEngineTest.INCREMENTAL_B, 15310, true);
            final ReceiveAgent agent = new ReceiveAgent(source, engine, new SnapshotRequestAdapter(null, engine),
                SystemNanoClock.INSTANCE, POLL_LIMIT, 0, 0);

            final Drainer drainer = new Drainer(subscription);
            run(agent, drainer, WARM_UP_PACKETS);
            for (int i = 0; i < BACK_PRESSURE_PACKETS; i += POLL_LIMIT)
            {
                agent.doWorkOnCallerThread();
            }
            assertTrue(proxy.backPressured() > 0, "the warm-up takes the back-pressure path too");
            drainer.drain();
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long calibration = threads.getCurrentThreadAllocatedBytes() - before;
            final List<Long> windows = AllocationWindows.measure(
                threads, calibration, () -> run(agent, drainer, MEASURED_PACKETS));

            counters.close();

            final long packets = WARM_UP_PACKETS + (long)MEASURED_PACKETS * windows.size() + BACK_PRESSURE_PACKETS;
            assertEquals(packets, source.delivered());
            assertEquals(packets, engine.duplicates());
            assertEquals(0, engine.gaps());
            assertEquals(0, engine.rptSeqGaps());
            assertEquals(0, engine.staleInstruments());
            assertEquals(1 + 2 * packets, proxy.recordSeq());
            assertEquals(proxy.recordSeq(), proxy.published() + proxy.dropped());
            AllocationWindows.assertAllocationFree(windows, MEASURED_PACKETS + " packets");
        }
    }

    private static void run(final ReceiveAgent agent, final Drainer drainer, final int packets)
    {
        for (int i = 0; i < packets; i += POLL_LIMIT)
        {
            agent.doWorkOnCallerThread();
            drainer.drain();
        }
    }

    /**
     * Reads the stream on the same thread, so the publication is never back-pressured and the measurement does not
     * depend on another thread's timing; Aeron's poll allocates nothing either.
     */
    static final class Drainer implements FragmentHandler
    {
        private final Subscription subscription;
        private long fragments;

        Drainer(final Subscription subscription)
        {
            this.subscription = subscription;
        }

        void drain()
        {
            while (subscription.poll(this, 1024) > 0)
            {
                Thread.onSpinWait();
            }
        }

        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            fragments++;
        }
    }
}
