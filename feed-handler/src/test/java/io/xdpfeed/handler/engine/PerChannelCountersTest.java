package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.HeapCounterAllocator;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.TreeMap;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's stages write their channel's counters in place: a scripted session through the real engine (a copy on
 * both lines, a hole on both lines, malformed datagrams, a datagram on no line, a second channel) and every
 * per-channel counter read back the way AeronStat reads a CnC file, by type id, key and label, from the heap
 * {@code CountersManager} the engine was composed with.
 */
@Timeout(10)
class PerChannelCountersTest
{
    private static final int SNAPSHOT_PORT_A = 14311;
    private static final long MS = 1_000_000L;

    private final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();

    /**
     * Channel 310: MsgSeqNum 1 on A and B (one duplicate), 2 on A, 3 and 4 on no line, 5 on A; the gap wait (2 ms)
     * expires: one gap of two lost packets, a recovery, the one instrument STALE, the channel STALE (1); a malformed
     * datagram on the incremental line and one on the snapshot line, which the recovering channel has joined.
     * Channel 311: MsgSeqNum 1. And a datagram on no configured line.
     *
     * @param engine  the engine.
     * @param builder builds the packets.
     */
    static void session(final FeedEngine engine, final Mdp3PacketBuilder builder)
    {
        engine.start();
        builder.packet(1, 1).book46(END_OF_EVENT, book(7, 1, 0, '0', 1, 100, 5, 1));
        send(engine, builder, FeedEngineTest.INCREMENTAL_A, 14310, MS);
        send(engine, builder, FeedEngineTest.INCREMENTAL_B, 15310, MS + 1);
        builder.packet(2, 2).book46(END_OF_EVENT, book(7, 2, 0, '0', 1, 100, 6, 1));
        send(engine, builder, FeedEngineTest.INCREMENTAL_A, 14310, 2 * MS);
        builder.packet(5, 5).book46(END_OF_EVENT, book(7, 5, 0, '0', 1, 100, 7, 1));
        send(engine, builder, FeedEngineTest.INCREMENTAL_A, 14310, 3 * MS);
        engine.onTimer(10 * MS);
        final byte[] truncated = new byte[5];
        final UnsafeBuffer malformed = new UnsafeBuffer(truncated);
        engine.onDatagram(FeedEngineTest.INCREMENTAL_A, 14310, malformed, 0, truncated.length, 11 * MS);
        engine.onDatagram(FeedEngineTest.SNAPSHOT_A, SNAPSHOT_PORT_A, malformed, 0, truncated.length, 12 * MS);
        builder.packet(1, 13).book46(END_OF_EVENT, book(9, 1, 0, '1', 1, 200, 1, 1));
        send(engine, builder, FeedEngineTest.OTHER_CHANNEL, 14320, 13 * MS);
        send(engine, builder, LineMap.parseAddress("239.77.9.9"), 19999, 14 * MS);
    }

    /**
     * @return what {@link #session} leaves in the per-channel counters, by label.
     */
    static Map<String, Long> expected()
    {
        final Map<String, Long> expected = new TreeMap<>();
        for (final ChannelCounter counter : ChannelCounter.values())
        {
            expected.put(counter.label(310), 0L);
            expected.put(counter.label(311), 0L);
        }
        expected.put(ChannelCounter.PACKETS.label(310), 6L);
        expected.put(ChannelCounter.DUPLICATES.label(310), 1L);
        expected.put(ChannelCounter.GAPS.label(310), 1L);
        expected.put(ChannelCounter.LOST_PACKETS.label(310), 2L);
        expected.put(ChannelCounter.RECOVERIES.label(310), 1L);
        expected.put(ChannelCounter.STALE_INSTRUMENTS.label(310), 1L);
        expected.put(ChannelCounter.MALFORMED.label(310), 2L);
        expected.put(ChannelCounter.RECOVERY_DATAGRAMS.label(310), 1L);
        expected.put(ChannelCounter.PACKETS.label(311), 1L);
        expected.put(ChannelCounter.stateLabel(310), 1L);
        expected.put(ChannelCounter.stateLabel(311), 0L);
        return expected;
    }

    private static void send(
        final FeedEngine engine, final Mdp3PacketBuilder builder, final int group, final int port, final long timeNs)
    {
        engine.onDatagram(group, port, builder.buffer(), 0, builder.length(), timeNs);
    }

    @Test
    void stagesWriteTheirChannelsCountersInPlace()
    {
        final HeapCounterAllocator allocator = new HeapCounterAllocator();
        final HandlerCounters counters = new HandlerCounters(allocator);
        final FeedEngine engine = new FeedEngine(FeedEngineTest.lineMap(), ChannelOptions.defaults()
            .withQueueCapacity(64), Feed.A, id -> true, id -> false, new RecordingChannelListener(), null, counters);

        session(engine, builder);

        assertEquals(expected(), perChannel(allocator.reader()));
        assertEquals(1, counters.counter(HandlerCounter.UNCONFIGURED_DATAGRAMS).get());

        // the handler-wide totals are the conductor's sums of the channels' counters
        assertEquals(0, counters.counter(HandlerCounter.GAPS).get());
        counters.sumChannels();
        final Map<String, Long> totals = new TreeMap<>();
        for (final HandlerCounter counter : HandlerCounter.values())
        {
            if (counter.perChannel() != null)
            {
                totals.put(counter.label(), counters.counter(counter).get());
            }
        }
        final Map<String, Long> expectedTotals = new TreeMap<>();
        for (final ChannelCounter counter : ChannelCounter.values())
        {
            expectedTotals.put(counter.label(),
                expected().get(counter.label(310)) + expected().get(counter.label(311)));
        }
        assertEquals(expectedTotals, totals);
    }

    /**
     * The per-channel counters of a counters file, AeronStat's way: every allocated counter whose type id is a
     * per-channel one (or the channel state), by label, checked against the channel id in its key.
     *
     * @param reader the counters.
     * @return label to value.
     */
    static Map<String, Long> perChannel(final CountersReader reader)
    {
        final Map<String, Long> values = new TreeMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final ChannelCounter counter = ChannelCounter.ofTypeId(typeId);
            if (counter != null)
            {
                assertEquals(counter.label(keyBuffer.getInt(0)), label);
                values.put(label, reader.getCounterValue(counterId));
            }
            else if (typeId == ChannelCounter.STATE_TYPE_ID)
            {
                assertEquals(ChannelCounter.stateLabel(keyBuffer.getInt(0)), label);
                values.put(label, reader.getCounterValue(counterId));
            }
        });
        return values;
    }
}
