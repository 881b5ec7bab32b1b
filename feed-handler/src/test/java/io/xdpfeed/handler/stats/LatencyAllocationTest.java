package io.xdpfeed.handler.stats;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole hot path with latency recording on allocates nothing in steady state: A and B copies of 12-entry book
 * packets and trade packets through the timed engine (sequencing, books), the timed listener and the real
 * MarketDataProxy on an embedded media driver (tryClaim, encode, commit, the handler's default clock), recording the
 * five tiers into their SingleWriterRecorders.
 */
@Timeout(180)
class LatencyAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int SECURITY_ID = 7;
    private static final int BOOK_ENTRIES = 12;
    private static final int ENTRIES_OFFSET = 12 + 2 + 8 + 11 + 3;
    private static final int ENTRY_LENGTH = 32;
    private static final int RPT_SEQ_IN_ENTRY = 16;

    private final UnsafeBuffer bookPacket;
    private final UnsafeBuffer tradePacket;
    private final FragmentHandler drain = (buffer, offset, length, header) -> { };
    private final CalibratedEpochClock exchangeClock = CalibratedEpochClock.calibrate();
    private long msgSeqNum;
    private long rptSeq;

    LatencyAllocationTest()
    {
        final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
        final Mdp3PacketBuilder.BookEntry[] entries = new Mdp3PacketBuilder.BookEntry[BOOK_ENTRIES];
        for (int i = 0; i < BOOK_ENTRIES; i++)
        {
            final boolean bid = i % 2 == 0;
            final int level = i / 2 + 1;
            entries[i] = book(SECURITY_ID, 0, 1, bid ? '0' : '1', level, bid ? 1000 - level : 1000 + level,
                10 + i, 1 + i);
        }
        bookPacket = new UnsafeBuffer(builder.packet(0, 0).book46(END_OF_EVENT, entries).toBytes());
        tradePacket = new UnsafeBuffer(builder.packet(0, 0)
            .trade48(END_OF_EVENT, new Mdp3PacketBuilder.TradeEntry(SECURITY_ID, 0, 1000, 3, 2, 1, 9)).toBytes());
    }

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    @Test
    void timedHotPathAllocatesNothingPerPacket()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        try (EmbeddedAeron aeron = new EmbeddedAeron();
            ExclusivePublication publication = aeron.aeron().addExclusivePublication("aeron:ipc", 1001);
            Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", 1001))
        {
            while (!publication.isConnected())
            {
                Thread.onSpinWait();
            }
            final CalibratedEpochClock clock = CalibratedEpochClock.calibrate();
            final long offsetNs = clock.offsetNs();
            final HandlerLatency latency = new HandlerLatency();
            final PacketTimer timer = new PacketTimer(latency, SystemNanoClock.INSTANCE, offsetNs, true);
            final MarketDataProxy proxy = new MarketDataProxy(publication, clock);
            final FeedEngine engine = new FeedEngine(PacketTimerTest.lineMap(),
                ChannelOptions.defaults().withReceiveTimeOffsetNs(offsetNs), Feed.A, (id) -> id == 310, (id) -> false,
                new TimedChannelListener(proxy, timer, clock), proxy, HandlerCounters.onHeap());
            final TimedDatagramHandler handler = new TimedDatagramHandler(engine, timer);

            final long[] allocated = new long[40];
            int zeroInARow = 0;
            int window = 0;
            while (zeroInARow < 3)
            {
                if (window == allocated.length)
                {
                    fail("bytes allocated per window never settled at 0: " + Arrays.toString(allocated));
                }
                final long before = allocatedBytes();
                run(handler, subscription, 20_000);
                allocated[window] = allocatedBytes() - before;
                zeroInARow = allocated[window] == 0 ? zeroInARow + 1 : 0;
                window++;
            }

            assertEquals(0, engine.rptSeqGaps());
            assertEquals(0, engine.gaps());
            assertEquals(0, proxy.dropped(), "every record published");
            assertEquals(msgSeqNum, proxy.published());
            assertEquals(msgSeqNum, engine.duplicates(), "every B copy dropped");
            long samples = 0;
            for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
            {
                samples += latency.intervalHistogram(tier).getTotalCount();
            }
            assertEquals(5 * msgSeqNum, samples, "five tiers per packet (live stamps)");
        }
    }

    private void run(final TimedDatagramHandler handler, final Subscription subscription, final int packets)
    {
        for (int i = 0; i < packets; i++)
        {
            final UnsafeBuffer packet = (i & 15) == 15 ? tradePacket : bookPacket;
            final int entries = packet == bookPacket ? BOOK_ENTRIES : 1;
            stamp(packet, ++msgSeqNum, entries);
            final long receiveNs = System.nanoTime();
            handler.onDatagram(PacketTimerTest.INCREMENTAL_A, 14310, packet, 0, packet.capacity(), receiveNs);
            handler.onDatagram(PacketTimerTest.INCREMENTAL_B, 15310, packet, 0, packet.capacity(), receiveNs);
            if ((i & 31) == 31)
            {
                subscription.poll(drain, Integer.MAX_VALUE);
            }
        }
        subscription.poll(drain, Integer.MAX_VALUE);
    }

    private void stamp(final UnsafeBuffer packet, final long seqNum, final int entries)
    {
        packet.putInt(0, (int)seqNum, ByteOrder.LITTLE_ENDIAN);
        packet.putLong(4, exchangeClock.nanoTime() - 5_000, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries; i++)
        {
            packet.putInt(ENTRIES_OFFSET + i * ENTRY_LENGTH + RPT_SEQ_IN_ENTRY, (int)++rptSeq, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
