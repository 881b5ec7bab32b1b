package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live sender's stamp: every message of a datagram carries the time it is sent as ITCH's timestamp (ns since
 * midnight New York time, computed here with {@code java.time}), the A and B copies of a packet are the same bytes,
 * nothing else of the datagram changes, the session's log holds what was sent, and the session's own buffer is
 * left as it was.
 */
@Timeout(30)
class ItchLiveSinkTest
{
    private static final int TIMESTAMP = 5;

    @Test
    void everyMessageIsStampedWithTheTimeItIsSent()
    {
        final ItchPacketWriter writer = new ItchPacketWriter();
        writer.begin("XDPFEED001", 1).systemEvent(ItchSession.MARKET_OPEN_NS, 'Q')
            .addOrder(1, ItchSession.MARKET_OPEN_NS + 5, 7, true, 100, "ACME", 1_000_000, null)
            .delete(1, ItchSession.MARKET_OPEN_NS + 9, 7);
        final byte[] original = Arrays.copyOf(writer.buffer().byteArray(), writer.length());
        final ItchMessageLog log = new ItchMessageLog();
        log.append(writer.buffer(), 0, writer.length());
        final List<byte[]> sent = new ArrayList<>();
        final DatagramSink sender = (line, buffer, offset, length, timeNs) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            sent.add(bytes);
        };
        final ItchLiveSink sink = new ItchLiveSink(sender, 0, log);

        final long before = nsSinceMidnightInNewYork(Instant.now());
        sink.onDatagram(SimLine.INCREMENTAL_A, writer.buffer(), 0, writer.length(), 0);
        sink.onDatagram(SimLine.INCREMENTAL_B, writer.buffer(), 0, writer.length(), 0);
        final long after = nsSinceMidnightInNewYork(Instant.now());

        assertArrayEquals(original, Arrays.copyOf(writer.buffer().byteArray(), writer.length()), "the session's bytes");
        assertEquals(2, sent.size());
        assertArrayEquals(sent.get(0), sent.get(1), "A and B carry the same bytes");
        final UnsafeBuffer stamped = new UnsafeBuffer(sent.get(0));
        final List<Integer> messages = messageOffsets(stamped);
        assertEquals(3, messages.size());
        final long stamp = timestamp(stamped, messages.get(0));
        assertTrue(stamp >= before - 1_000_000 && stamp <= after + 1_000_000, before + " <= " + stamp + " <= " + after);
        final byte[] unstamped = sent.get(0).clone();
        for (final int message : messages)
        {
            assertEquals(stamp, timestamp(stamped, message));
            System.arraycopy(original, message + TIMESTAMP, unstamped, message + TIMESTAMP, 6);
        }
        assertArrayEquals(original, unstamped, "only the timestamps changed");
        final UnsafeBuffer logged = new UnsafeBuffer(new byte[100]);
        assertEquals(3, log.copyBlocks(1, 3, 100, logged, 0));
        assertArrayEquals(Arrays.copyOfRange(sent.get(0), 20, sent.get(0).length),
            Arrays.copyOf(logged.byteArray(), sent.get(0).length - 20), "the log answers with the bytes sent");

        // a packet lost on both lines (logged, never sent) takes the stamp of the packet sent after it
        writer.begin("XDPFEED001", 4).delete(1, ItchSession.MARKET_OPEN_NS + 20, 8);
        log.append(writer.buffer(), 0, writer.length());
        writer.begin("XDPFEED001", 5).delete(1, ItchSession.MARKET_OPEN_NS + 30, 9);
        log.append(writer.buffer(), 0, writer.length());
        sink.onDatagram(SimLine.INCREMENTAL_A, writer.buffer(), 0, writer.length(), 0);
        final long next = timestamp(new UnsafeBuffer(sent.get(2)), 22);
        assertTrue(next >= stamp);
        assertEquals(2, log.copyBlocks(4, 2, 100, logged, 0));
        assertEquals(List.of(next, next), List.of(timestamp(logged, 2), timestamp(logged, 2 + 19 + 2)));

        writer.begin("XDPFEED001", 6);
        sink.onDatagram(SimLine.INCREMENTAL_A, writer.buffer(), 0, writer.length(), 0);
        assertArrayEquals(Arrays.copyOf(writer.buffer().byteArray(), writer.length()), sent.get(3), "a heartbeat");
    }

    private static List<Integer> messageOffsets(final DirectBuffer datagram)
    {
        final List<Integer> offsets = new ArrayList<>();
        int position = 20;
        for (int i = 0; i < (datagram.getShort(18, ByteOrder.BIG_ENDIAN) & 0xFFFF); i++)
        {
            offsets.add(position + 2);
            position += 2 + (datagram.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        return offsets;
    }

    private static long timestamp(final DirectBuffer buffer, final int message)
    {
        return (long)(buffer.getShort(message + TIMESTAMP, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 32 |
            (buffer.getInt(message + TIMESTAMP + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    private static long nsSinceMidnightInNewYork(final Instant instant)
    {
        final ZonedDateTime time = instant.atZone(ZoneId.of("America/New_York"));
        return Duration.between(time.toLocalDate().atStartOfDay(time.getZone()), time).toNanos();
    }
}
