package io.xdpfeed.handler.engine;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.OrderBookSnapshotDecoder;
import io.xdpfeed.codecs.md.OrderUpdateDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.OrderEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscriber's SnapshotRequest on a market-by-order channel is answered with each instrument's definition, its
 * BookSnapshot and its OrderBookSnapshot, then SnapshotComplete; a late-joining {@link OrderBookMirror} is LIVE with
 * the handler's orders after it.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MboSnapshotRequestTest
{
    @Test
    void theAnswerCarriesTheOrderBook()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", 1003);
            final MarketDataProxy proxy = aeron.connectedProxy("aeron:ipc", 1003);
            final FeedEngine engine = new FeedEngine(FeedEngineTest.lineMap(),
                ChannelOptions.defaults().withQueueCapacity(64), Feed.A, id -> id == 310, id -> id == 310, proxy,
                proxy, HandlerCounters.onHeap());
            final Mdp3PacketBuilder builder = new Mdp3PacketBuilder().packet(1, 1).orderBook47(END_OF_EVENT,
                new OrderEntry(7, 501, 10, 100, 5, 0, '0'), new OrderEntry(7, 502, 11, 102, 2, 0, '1'));
            engine.onDatagram(FeedEngineTest.INCREMENTAL_A, 14310, builder.buffer(), 0, builder.length(), 1);

            final List<String> answer = new ArrayList<>();
            final OrderBookMirror mirror = new OrderBookMirror(new MarketDataListener()
            {
                public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
                {
                    answer.add("InstrumentDefinition " + decoder.securityId());
                }

                public void onBookSnapshot(final BookSnapshotDecoder decoder)
                {
                    answer.add("BookSnapshot " + decoder.securityId() + " request=" + decoder.requestId());
                }

                public void onOrderUpdate(final OrderUpdateDecoder decoder)
                {
                    answer.add("OrderUpdate " + decoder.orderId());
                }

                public void onOrderBookSnapshot(final OrderBookSnapshotDecoder decoder)
                {
                    answer.add("OrderBookSnapshot " + decoder.securityId() + " request=" + decoder.requestId() +
                        " " + decoder.chunk() + "/" + decoder.chunks() + " orders=" + decoder.totalOrders() +
                        " last=" + decoder.lastMsgSeqNumProcessed());
                }

                public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
                {
                    answer.add("SnapshotComplete request=" + decoder.requestId() + " instruments=" +
                        decoder.instruments());
                }
            });
            final FragmentAssembler assembler = new FragmentAssembler(new MarketDataAdapter(mirror, null, null));
            // join late: skip the two OrderUpdate records already on the stream (one datagram: one RecordBatch)
            while (subscription.poll((buffer, offset, length, header) -> { }, 1) == 0)
            {
                Thread.onSpinWait();
            }

            engine.onSnapshotRequest(42, 1003, 310, SnapshotRequestAdapter.ALL_INSTRUMENTS);
            while (answer.size() < 4)
            {
                if (subscription.poll(assembler, 16) == 0)
                {
                    Thread.onSpinWait();
                }
            }

            assertEquals(List.of(
                "InstrumentDefinition 7",
                "BookSnapshot 7 request=42",
                "OrderBookSnapshot 7 request=42 1/1 orders=2 last=1",
                "SnapshotComplete request=42 instruments=1"), answer);
            assertTrue(mirror.book(310, 7).isTrusted());
            assertEquals("B 501@100x5#10, A 502@102x2#11", mirror.book(310, 7).toString());
        }
    }
}
