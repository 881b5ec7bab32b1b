package io.xdpfeed.handler.publish;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.OrderBook;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.OrderBookSnapshotDecoder;
import io.xdpfeed.codecs.md.OrderUpdateDecoder;
import io.xdpfeed.handler.channel.ChannelHarnessAccess;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.BookEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderIdEntry;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MBO records end to end through a real embedded media driver: the channel applies 47 and 46 order events, the
 * {@link MarketDataProxy} encodes OrderUpdate and chunked OrderBookSnapshot records with tryClaim, and the
 * subscriber's {@link MarketDataAdapter} decodes them into an {@link OrderBookMirror} equal to the handler's book.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrderRecordsTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM = 1002;
    private static final int ORDERS = 200;

    private EmbeddedAeron aeron;

    @AfterEach
    void close()
    {
        if (aeron != null)
        {
            aeron.close();
        }
    }

    @Test
    void orderUpdatesAndAChunkedOrderBookSnapshotReachTheClientMirror()
    {
        aeron = new EmbeddedAeron();
        final Subscription subscription = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = aeron.connectedProxy(CHANNEL, STREAM);
        final ChannelHarnessAccess channel = new ChannelHarnessAccess(proxy,
            ChannelOptions.defaults().withQueueCapacity(64).withMbo(true));

        channel.incremental(1, 1_000, b -> b
            .orderBook47(0, new OrderEntry(7, 501, 10, 100, 5, 0, '0'), new OrderEntry(7, 502, 11, 102, 2, 0, '1'))
            .book46(END_OF_EVENT, new BookEntry[]{book(7, 1, 0, '0', 1, 101, 3, 1)},
                new OrderIdEntry(503, 12, 3, 1, 0)));
        channel.incremental(2, 2_000, b -> b.orderBook47(END_OF_EVENT,
            new OrderEntry(7, 501, 13, 100, 4, 1, '0'), new OrderEntry(7, 502, 0, 0, 0, 2, '1')));
        for (int packet = 0; packet < ORDERS / 20; packet++)
        {
            final OrderEntry[] entries = new OrderEntry[20];
            for (int i = 0; i < entries.length; i++)
            {
                final int n = packet * 20 + i;
                entries[i] = new OrderEntry(7, 1_000 + n, 100 + n, 90 - (n % 7), 1 + n % 5, 0, n % 2 == 0 ? '0' : '1');
            }
            channel.incremental(3 + packet, 3_000 + packet, b -> b.orderBook47(END_OF_EVENT, entries));
        }
        final Instrument instrument = channel.instrument(7);
        final int chunks = proxy.orderBookSnapshot(instrument, 42, channel.channel().lastSeqNum(), 0, 0, 0);
        final int totalOrders = instrument.orderBook().orderCount();
        assertEquals(ORDERS + 2, totalOrders);
        assertEquals((totalOrders + proxy.ordersPerChunk() - 1) / proxy.ordersPerChunk(), chunks);
        assertTrue(chunks > 1, "the book needs several chunks: " + proxy.ordersPerChunk() + " orders per chunk");

        final List<String> updates = new ArrayList<>();
        final List<String> snapshots = new ArrayList<>();
        final OrderBookMirror mirror = new OrderBookMirror(new MarketDataListener()
        {
            public void onOrderUpdate(final OrderUpdateDecoder decoder)
            {
                updates.add(decoder.recordSeq() + " " + decoder.msgSeqNum() + " " + decoder.side() + " " +
                    decoder.action() + " " + decoder.orderId() + "@" + decoder.price() + "x" + decoder.displayQty() +
                    "#" + decoder.orderPriority() + " " + decoder.endOfEvent());
            }

            public void onOrderBookSnapshot(final OrderBookSnapshotDecoder decoder)
            {
                snapshots.add(decoder.chunk() + "/" + decoder.chunks() + " request=" + decoder.requestId() +
                    " total=" + decoder.totalOrders() + " orders=" + decoder.orders().count());
            }
        });
        final FragmentAssembler assembler = new FragmentAssembler(new MarketDataAdapter(mirror, null, null));
        final int expectedRecords = 5 + ORDERS + chunks + 1;
        // bounded: a record that never comes fails here with the proxy's counts, not as the test's timeout
        final long deadlineNs = System.nanoTime() + 20_000_000_000L;
        while (updates.size() + snapshots.size() < expectedRecords - 1 && System.nanoTime() - deadlineNs < 0)
        {
            if (subscription.poll(assembler, 64) == 0)
            {
                Thread.onSpinWait();
            }
        }
        assertEquals(expectedRecords - 1, updates.size() + snapshots.size(), "records received; the proxy published " +
            proxy.published() + ", dropped " + proxy.dropped() + ", subscription connected " +
            subscription.isConnected());

        assertEquals(List.of(
            "1 1 BID ADD 501@100x5#10 FALSE",
            "2 1 ASK ADD 502@102x2#11 FALSE",
            "3 1 BID ADD 503@101x3#12 FALSE",
            "5 2 BID MODIFY 501@100x4#13 FALSE",
            "6 2 ASK DELETE 502@102x0#11 TRUE"), updates.subList(0, 5));
        assertEquals(ORDERS + 5, updates.size());
        assertEquals(chunks, snapshots.size());
        assertEquals(chunks + "/" + chunks + " request=42 total=" + totalOrders + " orders=" +
            (totalOrders - (chunks - 1) * proxy.ordersPerChunk()), snapshots.get(chunks - 1));

        final OrderBook mirrored = mirror.book(310, 7);
        assertEquals(FeedStatus.LIVE, mirrored.syncStatus());
        assertEquals(0, mirror.count(OrderBookMirror.Count.GAPS));
        assertEquals(1, mirror.count(OrderBookMirror.Count.SNAPSHOTS_APPLIED));
        assertEquals(RecordingChannelListener.orders(instrument.orderBook()), mirrored.toString());
        assertEquals(0, proxy.dropped());
    }
}
