package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ITCH record's sending time is the timestamp of the message it comes from, ns since midnight US Eastern, on the
 * receive time's day: a simulated session (09:30 New York on 2026-01-05, winter time, as its capture's clock)
 * through the engine, every datagram received 20 us after the simulator's own time for it (that of its last
 * message), and every record's sending time checked against the simulator's clock for its message (its epoch time =
 * the session's start + the timestamp - 09:30), read from the datagram's bytes.
 */
@Timeout(60)
class ItchSendingTimeTest
{
    private static final long RECEIVE_AFTER_NS = 20_000;

    @Test
    void everyRecordCarriesItsMessagesTimeOnTheReceiveDay()
    {
        final ItchSession.Settings settings = new ItchSession.Settings(4, 2_000, 3, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
        final List<UnsafeBuffer> datagrams = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        new ItchSession(settings, null).run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                datagrams.add(new UnsafeBuffer(bytes));
                times.add(timeNs);
            }
        });

        // the simulator's clock for each message sequence number: the message's timestamp as the simulator dates it
        final Map<Long, Long> expected = new HashMap<>();
        for (final UnsafeBuffer datagram : datagrams)
        {
            final int count = datagram.getShort(18, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (count == 0 || count == 0xFFFF)
            {
                continue;
            }
            final long first = datagram.getLong(10, ByteOrder.BIG_ENDIAN);
            int position = 20;
            for (int i = 0; i < count; i++)
            {
                final long timestamp = ItchMessages.timestampNs(datagram, position + 2);
                expected.put(first + i, settings.startEpochNs() + timestamp - ItchSession.MARKET_OPEN_NS);
                position += 2 + (datagram.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            }
        }

        final Map<Long, Long> sendingTimes = new HashMap<>();
        final Map<Long, Long> receiveTimes = new HashMap<>();
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        final FeedEngine engine = new FeedEngine(ItchProtocol.INSTANCE, PropertiesLineMap.itch(properties).lineMap(),
            ChannelOptions.defaults().withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> false,
            new ChannelListener()
            {
                public void onBookUpdate(
                    final Instrument instrument, final BookChanges changes, final boolean endOfEvent,
                    final short matchEventIndicator, final PacketInfo packet)
                {
                    // every order message ends with one (empty when no level changed)
                    sendingTimes.put(packet.msgSeqNum(), packet.sendingTimeNs());
                    receiveTimes.put(packet.msgSeqNum(), packet.receiveTimeNs());
                }
            }, null, HandlerCounters.onHeap());
        engine.start();
        final int group = settings.channel().groupAddress(SimLine.INCREMENTAL_A);
        final int port = settings.channel().port(SimLine.INCREMENTAL_A);
        for (int i = 0; i < datagrams.size(); i++)
        {
            final UnsafeBuffer datagram = datagrams.get(i);
            engine.onDatagram(group, port, datagram, 0, datagram.capacity(), times.get(i) + RECEIVE_AFTER_NS);
        }
        engine.close();

        assertTrue(sendingTimes.size() > 1_000, "records of " + sendingTimes.size() + " messages");
        for (final Map.Entry<Long, Long> record : sendingTimes.entrySet())
        {
            final long sequence = record.getKey();
            assertEquals(expected.get(sequence), record.getValue(), "message " + sequence);
            final long wireNs = receiveTimes.get(sequence) - record.getValue();
            assertTrue(wireNs >= RECEIVE_AFTER_NS && wireNs < 1_000_000_000L, "message " + sequence + ": " + wireNs);
        }
    }
}
