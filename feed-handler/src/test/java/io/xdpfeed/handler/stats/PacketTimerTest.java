package io.xdpfeed.handler.stats;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MarketDataRecords;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import io.aeron.Subscription;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PacketTimerTest
{
    static final int INCREMENTAL_A = LineMap.parseAddress("239.77.1.1");
    static final int INCREMENTAL_B = LineMap.parseAddress("239.77.2.1");
    private static final long EPOCH_OFFSET_NS = 1_767_600_000_000_000_000L;

    private final ScriptedClock clock = new ScriptedClock();
    private final HandlerLatency latency = new HandlerLatency();
    private final RecordingChannelListener publisher = new RecordingChannelListener();
    private final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();

    static LineMap lineMap()
    {
        try (InputStream in = PacketTimerTest.class.getResourceAsStream("/engine/config.xml"))
        {
            return CmeConfigParser.parse(in, "engine/config.xml");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private TimedDatagramHandler handler(final boolean liveStamps)
    {
        final PacketTimer timer = new PacketTimer(latency, clock, EPOCH_OFFSET_NS, liveStamps);
        final FeedEngine engine = new FeedEngine(lineMap(),
            ChannelOptions.defaults().withReceiveTimeOffsetNs(liveStamps ? EPOCH_OFFSET_NS : 0), Feed.A,
            (id) -> id == 310, (id) -> false, new TimedChannelListener(publisher, timer), null, HandlerCounters.onHeap());
        return new TimedDatagramHandler(engine, timer);
    }

    private void send(final TimedDatagramHandler handler, final int group, final int port, final long receiveNs)
    {
        handler.onDatagram(group, port, builder.buffer(), 0, builder.length(), receiveNs);
    }

    @Test
    void splitsEachDatagramIntoWireDecodeAndPublish()
    {
        final TimedDatagramHandler handler = handler(true);
        final long receiveNs = 5_000_000;
        final long sendingTimeNs = EPOCH_OFFSET_NS + receiveNs - 2_000;
        builder.packet(1, sendingTimeNs).book46(END_OF_EVENT,
            book(7, 1, 0, '0', 1, 100, 5, 1),
            book(7, 2, 0, '1', 1, 101, 6, 2));

        // first touch, then around the publisher's end of the datagram (its batch): the record itself reads no clock
        clock.script(receiveNs + 200, receiveNs + 800, receiveNs + 900);
        send(handler, INCREMENTAL_A, 14310, receiveNs);
        // a duplicate publishes nothing: only the first touch, no batch to time
        clock.script(receiveNs + 950);
        send(handler, INCREMENTAL_B, 15310, receiveNs + 100);

        assertEquals(1, publisher.events().size(), "one record, the B copy is a duplicate");
        assertEquals(List.of(2000L), values(HandlerLatencyTier.WIRE), "SendingTime -> receive stamp");
        assertEquals(List.of(800L), values(HandlerLatencyTier.DECODE), "receive stamp -> the batch's send");
        assertEquals(List.of(100L), values(HandlerLatencyTier.PUBLISH), "the batch's send");
        assertEquals(List.of(200L), values(HandlerLatencyTier.RING_WAIT), "receive stamp -> first touch");
        assertEquals(List.of(700L), values(HandlerLatencyTier.PROCESSING), "first touch -> batch committed");
        assertTrue(clock.isDone());
    }

    @Test
    void timesTheBatchOnceWhateverTheRecordsAndLeavesTheirEncodingToDecode()
    {
        final TimedDatagramHandler handler = handler(true);
        final long receiveNs = 9_000_000;
        builder.packet(1, EPOCH_OFFSET_NS + receiveNs - 10_000)
            .trade48(END_OF_EVENT, new Mdp3PacketBuilder.TradeEntry(7, 1, 100, 2, 1, 1, 55))
            .book46(END_OF_EVENT, book(7, 2, 0, '0', 1, 100, 5, 1));

        clock.script(receiveNs + 700, receiveNs + 1_500, receiveNs + 1_650);
        send(handler, INCREMENTAL_A, 14310, receiveNs);

        assertEquals(2, publisher.events().size());
        assertEquals(List.of(10_000L), values(HandlerLatencyTier.WIRE));
        assertEquals(List.of(150L), values(HandlerLatencyTier.PUBLISH), "the batch of both records");
        assertEquals(List.of(1_500L), values(HandlerLatencyTier.DECODE), "1650 - 150");
        assertEquals(List.of(700L), values(HandlerLatencyTier.RING_WAIT));
        assertEquals(List.of(950L), values(HandlerLatencyTier.PROCESSING), "1650 - 700");
        assertTrue(clock.isDone());
    }

    @Test
    void capturesUseTheFirstTouchAsFrameSeen()
    {
        final TimedDatagramHandler handler = handler(false);
        final long captureTimeNs = 1_767_600_000_123_000_000L;
        builder.packet(1, captureTimeNs - 40_000).book46(END_OF_EVENT, book(7, 1, 0, '0', 1, 100, 5, 1));

        clock.script(77_000, 77_600, 77_800);
        send(handler, INCREMENTAL_A, 14310, captureTimeNs);

        assertEquals(List.of(40_000L), values(HandlerLatencyTier.WIRE), "SendingTime -> capture time");
        assertEquals(List.of(600L), values(HandlerLatencyTier.DECODE));
        assertEquals(List.of(200L), values(HandlerLatencyTier.PUBLISH));
        assertEquals(List.of(0L, 800L), List.of(latency.intervalHistogram(HandlerLatencyTier.RING_WAIT)
            .getTotalCount(), values(HandlerLatencyTier.PROCESSING).getFirst()), "no ring wait without a kernel stamp");
        assertTrue(clock.isDone());
    }

    @Test
    void negativeWireLatencyFromClocksThatDisagreeIsClampedAndCounted()
    {
        final TimedDatagramHandler handler = handler(true);
        builder.packet(1, EPOCH_OFFSET_NS + 1_000_000 + 300).book46(END_OF_EVENT, book(7, 1, 0, '0', 1, 100, 5, 1));
        clock.script(1_000_050, 1_000_250, 1_000_300);
        send(handler, INCREMENTAL_A, 14310, 1_000_000);

        assertEquals(List.of(1L), values(HandlerLatencyTier.WIRE));
        assertEquals(1, latency.clampedBelow(HandlerLatencyTier.WIRE));
        assertTrue(clock.isDone());
    }

    @Test
    void keepsThePublishersFusedBookUpdate()
    {
        try (EmbeddedAeron aeron = new EmbeddedAeron();
            Subscription subscription = aeron.aeron().addSubscription("aeron:ipc", 1001))
        {
            final MarketDataProxy proxy = aeron.connectedProxy("aeron:ipc", 1001);
            final int[] listedBookUpdates = new int[1];
            final ChannelListener publisher = (ChannelListener)Proxy.newProxyInstance(
                ChannelListener.class.getClassLoader(), new Class<?>[] {ChannelListener.class}, (self, method, args) ->
                {
                    if ("onBookUpdate".equals(method.getName()))
                    {
                        listedBookUpdates[0]++;
                    }
                    try
                    {
                        return method.invoke(proxy, args);
                    }
                    catch (final InvocationTargetException ex)
                    {
                        throw ex.getCause();
                    }
                });
            final PacketTimer timer = new PacketTimer(latency, clock, EPOCH_OFFSET_NS, true);
            final FeedEngine engine = new FeedEngine(lineMap(),
                ChannelOptions.defaults().withReceiveTimeOffsetNs(EPOCH_OFFSET_NS), Feed.A, (id) -> id == 310,
                (id) -> false, new TimedChannelListener(publisher, timer), proxy, HandlerCounters.onHeap());
            final TimedDatagramHandler handler = new TimedDatagramHandler(engine, timer);
            final long receiveNs = 3_000_000;
            builder.packet(1, EPOCH_OFFSET_NS + receiveNs - 1_000).book46(END_OF_EVENT,
                book(7, 1, 0, '0', 1, 100, 5, 1),
                book(7, 2, 0, '1', 1, 101, 6, 2));

            clock.script(receiveNs + 100, receiveNs + 400, receiveNs + 450);
            send(handler, INCREMENTAL_A, 14310, receiveNs);

            final MarketDataRecords records = new MarketDataRecords();
            records.pollFor(subscription, 1);
            assertEquals(List.of(new MarketDataRecords.Rec("BookUpdate", 1, 310, 7,
                "eoe=TRUE rptSeq=2 mei=128 [BID OUTRIGHT NEW 1 100x5(1)] [ASK OUTRIGHT NEW 1 101x6(2)]")),
                records.records());
            assertEquals(0, listedBookUpdates[0], "written into the publisher's stage, not through onBookUpdate");
            assertEquals(List.of(400L), values(HandlerLatencyTier.DECODE));
            assertEquals(List.of(50L), values(HandlerLatencyTier.PUBLISH));
            assertEquals(List.of(350L), values(HandlerLatencyTier.PROCESSING));
            assertTrue(clock.isDone(), "three clock reads: first touch and around the batch");
        }
    }

    @Test
    void recordsOutsideADatagramPassThroughUntimed()
    {
        final PacketTimer timer = new PacketTimer(latency, clock, EPOCH_OFFSET_NS, true);
        final TimedChannelListener listener = new TimedChannelListener(publisher, timer);
        listener.onChannelStatus(310, FeedStatus.STALE, 3, 4, 1, new PacketInfo());

        assertEquals(1, publisher.events().size());
        for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
        {
            assertEquals(0, latency.intervalHistogram(tier).getTotalCount());
        }
        assertTrue(clock.isDone(), "no clock read");
    }

    private List<Long> values(final HandlerLatencyTier tier)
    {
        final Histogram histogram = latency.intervalHistogram(tier);
        final List<Long> values = new ArrayList<>();
        histogram.recordedValues().forEach((value) ->
        {
            for (long i = 0; i < value.getCountAtValueIteratedTo(); i++)
            {
                values.add(histogram.lowestEquivalentValue(value.getValueIteratedTo()));
            }
        });
        return values;
    }

    private static final class ScriptedClock implements NanoClock
    {
        private final ArrayDeque<Long> times = new ArrayDeque<>();

        void script(final long... values)
        {
            times.clear();
            for (final long value : values)
            {
                times.add(value);
            }
        }

        boolean isDone()
        {
            return times.isEmpty();
        }

        public long nanoTime()
        {
            if (times.isEmpty())
            {
                throw new IllegalStateException("clock read more often than scripted");
            }
            return times.poll();
        }
    }
}
