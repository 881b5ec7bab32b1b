package io.xdpfeed.handler.itch;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.StreamRecovery;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A strategy that joins while an ITCH channel recovers a lost message. The channel's instruments stay LIVE (the books
 * never see a message out of order) and only the channel says STALE, so the answer to the strategy's snapshot request
 * carries the channel's status: neither its market-by-price nor its market-by-order book of the stock is trusted
 * until the lost message is applied and the channel is LIVE again.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ItchLateJoinTest
{
    private static final int STREAM = 1005;
    private static final String SESSION = "TEST000001";

    @Test
    void aSubscriberJoiningWhileTheChannelRecoversTrustsNoBookUntilTheChannelIsLive()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", STREAM);
            final MarketDataProxy proxy = aeron.connectedProxy("aeron:ipc", STREAM);
            final HeldAnswer recovery = new HeldAnswer();
            final Properties properties = new Properties();
            properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
            final FeedEngine engine = new FeedEngine(ItchGapFillTest.protocol(recovery),
                PropertiesLineMap.itch(properties).lineMap(),
                ChannelOptions.defaults().withMbo(true).withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> true,
                proxy, proxy, HandlerCounters.onHeap());
            engine.start();
            final ItchPacketWriter writer = new ItchPacketWriter();
            deliver(engine, writer.begin(SESSION, 1).stockDirectory(7, 1, "ACME").tradingAction(7, 2, "ACME", 'T')
                .addOrder(7, 3, 101, true, 100, "ACME", 100_0000, null), 1_000_000);
            writer.begin(SESSION, 4).addOrder(7, 4, 102, false, 200, "ACME", 101_0000, null);
            recovery.answer = new UnsafeBuffer(new byte[writer.length()]);
            recovery.answer.putBytes(0, writer.buffer(), 0, writer.length());
            deliver(engine, writer.begin(SESSION, 5).addOrder(7, 5, 103, true, 50, "ACME", 99_0000, null), 2_000_000);
            engine.onTimer(10_000_000);
            assertEquals(List.of(FeedStatus.STALE, 4L, true), List.of(engine.channel(0).channelStatus(),
                recovery.requested, engine.channel(0).instrumentById(7).isLive()));

            // the strategy joins now: what is on the stream so far is not seen; the handler's idle heartbeat is
            while (subscription.poll((buffer, offset, length, header) -> { }, 16) > 0)
            {
                Thread.onSpinWait();
            }
            proxy.heartbeat(1);
            final List<String> seen = new ArrayList<>();
            final long[] requestId = {0};
            final BookMirror books = new BookMirror(new MarketDataSubscriber.Context().listener(new MarketDataListener()
            {
                public void onChannelStatus(final ChannelStatusDecoder decoder)
                {
                    seen.add("ChannelStatus " + decoder.feedStatus());
                }

                public void onSnapshotComplete(final SnapshotCompleteDecoder decoder)
                {
                    seen.add("SnapshotComplete request=" + decoder.requestId());
                }
            }), (request, channelId, securityId) ->
            {
                requestId[0] = request;
                return true;
            });
            final OrderBookMirror orders = new OrderBookMirror(books);
            final FragmentAssembler assembler = new FragmentAssembler(new MarketDataAdapter(orders, null, null));
            read(subscription, assembler, () -> books.channel(1) != null);
            books.doWork(true);
            engine.onSnapshotRequest(requestId[0], STREAM, 1, SnapshotRequestAdapter.ALL_INSTRUMENTS);
            read(subscription, assembler, () -> !seen.isEmpty() && seen.getLast().startsWith("SnapshotComplete"));
            final List<Object> joined = new ArrayList<>(seen);
            joined.addAll(List.of(books.book(1, 7).isTrusted(), orders.book(1, 7).isTrusted(),
                orders.book(1, 7).toString()));
            seen.clear();

            recovery.release = true;
            for (int i = 0; i < 100 && engine.channel(0).channelStatus() != FeedStatus.LIVE; i++)
            {
                engine.onTimer(11_000_000);
            }
            read(subscription, assembler, () -> !seen.isEmpty() && seen.getLast().equals("ChannelStatus LIVE"));
            engine.close();

            assertEquals(List.of("ChannelStatus STALE", "SnapshotComplete request=" + requestId[0], false, false,
                "B 101@100000000000x100#3"), joined);
            assertEquals(List.of("ChannelStatus RECOVERING", "ChannelStatus LIVE"), seen);
            assertEquals(List.of(true, true, "B 101@100000000000x100#3, B 103@99000000000x50#5, A 102@101000000000x200#4"),
                List.of(books.book(1, 7).isTrusted(), orders.book(1, 7).isTrusted(), orders.book(1, 7).toString()));
        }
    }

    private static void deliver(final FeedEngine engine, final ItchPacketWriter writer, final long timeNs)
    {
        engine.onDatagram(LineMap.parseAddress("239.77.18.1"), 26400, writer.buffer(), 0, writer.length(), timeNs);
    }

    private static void read(final Subscription subscription, final FragmentAssembler assembler,
        final BooleanSupplier until)
    {
        while (!until.getAsBoolean())
        {
            if (subscription.poll(assembler, 16) == 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Re-requests answered with one packet, held until released.
     */
    private static final class HeldAnswer implements StreamRecovery
    {
        private UnsafeBuffer answer;
        private boolean release;
        private long requested;

        public boolean canRetransmit()
        {
            return true;
        }

        public boolean canSnapshot()
        {
            return false;
        }

        public boolean requestRetransmission(final long fromSeqNum, final long toSeqNum)
        {
            requested = fromSeqNum;
            return fromSeqNum == toSeqNum;
        }

        public boolean retransmissionFailed()
        {
            return false;
        }

        public void cancelRetransmissions()
        {
        }

        public void startSnapshot()
        {
        }

        public boolean snapshotPending()
        {
            return false;
        }

        public int poll(final Receiver receiver)
        {
            if (!release || answer == null)
            {
                return 0;
            }
            receiver.onRetransmission(answer, 0, answer.capacity(), 1, 4);
            answer = null;
            return 1;
        }

        public long requests()
        {
            return requested == 0 ? 0 : 1;
        }

        public long snapshotFailures()
        {
            return 0;
        }

        public void close()
        {
        }
    }
}
