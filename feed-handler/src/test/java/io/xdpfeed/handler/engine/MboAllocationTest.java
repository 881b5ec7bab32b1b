package io.xdpfeed.handler.engine;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.BookEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderIdEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The receive thread allocates nothing in steady state on a market-by-order channel: packets of a 46 with an OrderID
 * group (one order added, one deleted) and a 47 (an order added, modified, another deleted, one modified), every
 * packet with new order ids so that the order table churns (about {@link #RESTING} orders resting), each on line A
 * and B, go through arbitration, decoding, the MBP and MBO books and tryClaim of BookUpdate and OrderUpdate records
 * on a real IPC publication; the thread's allocated bytes do not move. Mirrors {@link ReceiveAgentAllocationTest}.
 */
@Timeout(300)
class MboAllocationTest
{
    private static final int WARM_UP_PACKETS = 1_000_000;
    private static final int MEASURED_PACKETS = 1_000_000;
    private static final int POLL_LIMIT = 64;
    private static final int TERM_LENGTH = 4 * 1024 * 1024;
    private static final int RESTING = 256;
    private static final int ORDER_EVENTS_PER_PACKET = 6;

    private static final long BID_NEW = 0x0A0A_0A0A_0A0A_0A01L;
    private static final long BID_OLD = 0x0A0A_0A0A_0A0A_0A02L;
    private static final long ASK_NEW = 0x0A0A_0A0A_0A0A_0A03L;
    private static final long ASK_MODIFY = 0x0A0A_0A0A_0A0A_0A04L;
    private static final long ASK_OLD = 0x0A0A_0A0A_0A0A_0A05L;
    private static final long BID_MODIFY = 0x0A0A_0A0A_0A0A_0A06L;
    private static final int RPT_SEQ_1 = 0x7A7A_7A01;
    private static final int RPT_SEQ_2 = 0x7A7A_7A02;

    @Test
    void steadyStateAllocatesNothingOnTheReceiveThread()
    {
        final com.sun.management.ThreadMXBean threads = AllocationWindows.threads();

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
                ChannelOptions.defaults().withQueueCapacity(64).withMaxOrdersPerBook(RESTING * 4), Feed.A,
                id -> id == 310, id -> id == 310, proxy, proxy, counters);

            final Mdp3PacketBuilder first = new Mdp3PacketBuilder().packet(1, 1).book46(END_OF_EVENT,
                book(1, 1, 0, '0', 1, 100, 10, 1), book(1, 2, 0, '1', 1, 101, 20, 2));
            engine.onDatagram(FeedEngineTest.INCREMENTAL_A, 14310, first.buffer(), 0, first.length(),
                System.nanoTime());

            final byte[] packet = new Mdp3PacketBuilder().packet(0, 0)
                .book46(END_OF_EVENT,
                    new BookEntry[]{
                        book(1, RPT_SEQ_1, 1, '0', 1, 100, 10, 1), book(1, RPT_SEQ_2, 1, '1', 1, 101, 20, 2)},
                    new OrderIdEntry(BID_NEW, 7, 1, 1, 0), new OrderIdEntry(BID_OLD, 7, 1, 1, 2))
                .orderBook47(END_OF_EVENT,
                    new OrderEntry(1, ASK_NEW, 9, 101, 3, 0, '1'),
                    new OrderEntry(1, ASK_MODIFY, 10, 101, 2, 1, '1'),
                    new OrderEntry(1, ASK_OLD, 9, 101, 0, 2, '1'),
                    new OrderEntry(1, BID_MODIFY, 8, 100, 5, 1, '0'))
                .toBytes();
            final MboPacketSource source = new MboPacketSource(packet);
            final ReceiveAgent agent = new ReceiveAgent(source, engine, new SnapshotRequestAdapter(null, engine),
                SystemNanoClock.INSTANCE, POLL_LIMIT, 0, 0);

            final ReceiveAgentAllocationTest.Drainer drainer = new ReceiveAgentAllocationTest.Drainer(subscription);
            run(agent, drainer, WARM_UP_PACKETS);
            final List<Long> windows = AllocationWindows.measure(
                threads, 0, () -> run(agent, drainer, MEASURED_PACKETS));
            counters.close();

            final ChannelState channel = engine.channelById(310);
            final long packets = WARM_UP_PACKETS + (long)MEASURED_PACKETS * windows.size();
            assertEquals(packets, source.delivered());
            assertEquals(0, engine.gaps());
            assertEquals(0, engine.rptSeqGaps());
            assertEquals(0, engine.staleInstruments());
            assertEquals(0, channel.orderOverflows());
            assertEquals(RESTING * 2L, channel.instrumentById(1).orderBook().orderCount());
            assertEquals(packets * ORDER_EVENTS_PER_PACKET - 2L * RESTING, channel.orderEvents());
            assertEquals(1 + packets * (1 + ORDER_EVENTS_PER_PACKET) - 2L * RESTING, proxy.recordSeq());
            AllocationWindows.assertAllocationFree(windows, MEASURED_PACKETS + " MBO packets");
        }
    }

    private static void run(
        final ReceiveAgent agent, final ReceiveAgentAllocationTest.Drainer drainer, final int packets)
    {
        for (int i = 0; i < packets; i += POLL_LIMIT)
        {
            agent.doWorkOnCallerThread();
            drainer.drain();
        }
    }

    /**
     * Delivers the packet on A and B with the next MsgSeqNum and RptSeqs, and order ids of this packet: packet n
     * adds bid order n and ask order n, modifies both, and deletes those of packet n - RESTING.
     */
    static final class MboPacketSource implements PacketSource
    {
        private final UnsafeBuffer buffer;
        private final int length;
        private final int[] idOffsets = new int[6];
        private final int rptSeqOffset1;
        private final int rptSeqOffset2;
        private long seqNum = 2;
        private long rptSeq = 3;
        private long delivered;

        MboPacketSource(final byte[] packet)
        {
            buffer = new UnsafeBuffer(packet);
            length = packet.length;
            final long[] placeholders = {BID_NEW, BID_OLD, ASK_NEW, ASK_MODIFY, ASK_OLD, BID_MODIFY};
            for (int i = 0; i < placeholders.length; i++)
            {
                idOffsets[i] = find8(placeholders[i]);
            }
            rptSeqOffset1 = find4(RPT_SEQ_1);
            rptSeqOffset2 = find4(RPT_SEQ_2);
        }

        private int find8(final long value)
        {
            for (int i = 0; i + 8 <= length; i++)
            {
                if (buffer.getLong(i, ByteOrder.LITTLE_ENDIAN) == value)
                {
                    return i;
                }
            }
            throw new IllegalStateException("placeholder not found: " + Long.toHexString(value));
        }

        private int find4(final int value)
        {
            for (int i = 0; i + 4 <= length; i++)
            {
                if (buffer.getInt(i, ByteOrder.LITTLE_ENDIAN) == value)
                {
                    return i;
                }
            }
            throw new IllegalStateException("placeholder not found: " + Integer.toHexString(value));
        }

        public int poll(final DatagramHandler handler, final int limit)
        {
            final UnsafeBuffer buffer = this.buffer;
            for (int i = 0; i < limit; i++)
            {
                final long n = delivered;
                buffer.putInt(0, (int)seqNum, ByteOrder.LITTLE_ENDIAN);
                final long nowNs = System.nanoTime();
                buffer.putLong(4, nowNs, ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(rptSeqOffset1, (int)rptSeq++, ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(rptSeqOffset2, (int)rptSeq++, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(idOffsets[0], 1_000_000_000L + n, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(idOffsets[1], 1_000_000_000L + n - RESTING, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(idOffsets[2], 5_000_000_000L + n, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(idOffsets[3], 5_000_000_000L + n, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(idOffsets[4], 5_000_000_000L + n - RESTING, ByteOrder.LITTLE_ENDIAN);
                buffer.putLong(idOffsets[5], 1_000_000_000L + n, ByteOrder.LITTLE_ENDIAN);
                handler.onDatagram(FeedEngineTest.INCREMENTAL_A, 14310, buffer, 0, length, nowNs);
                handler.onDatagram(FeedEngineTest.INCREMENTAL_B, 15310, buffer, 0, length, nowNs);
                seqNum++;
                delivered++;
            }
            return limit;
        }

        long delivered()
        {
            return delivered;
        }

        public String transport()
        {
            return "mbo-cycle";
        }

        public void close()
        {
        }
    }
}
