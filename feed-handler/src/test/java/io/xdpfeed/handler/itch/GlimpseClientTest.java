package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.sim.itch.GlimpseSnapshotBuilder;
import io.xdpfeed.sim.itch.GlimpseSnapshotServer;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GLIMPSE client against the simulator's snapshot server on 127.0.0.1: the snapshot, applied through
 * {@link ItchBookBuilder}, is the simulator's truth at the snapshot's sequence point, and the queued live messages
 * from the end-of-snapshot sequence number on end equal to the final truth; heartbeats before the snapshot are
 * read. Against scripted servers: every way a snapshot can fail ends in the one FAILED state with its reason,
 * nothing thrown; unknown and empty packets are counted and skipped.
 */
@Timeout(60)
class GlimpseClientTest
{
    private static final String SESSION = ItchSession.SESSION;
    private static final int DEPTH = 10;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void snapshotThenQueuedLiveMessagesEndEqualToTheTruth() throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(new ItchSession.Settings(6, 8_000, 21, 0.03, 0.03,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()), log);
        final List<byte[]> queue = new ArrayList<>();
        final long[] point = new long[1];
        final List<Map<Integer, TruthBook>> booksAtPoint = new ArrayList<>();
        final List<Map<Integer, TruthOrderBook>> ordersAtPoint = new ArrayList<>();
        session.run((line, buffer, offset, length, timeNs) ->
        {
            if (point[0] == 0 && session.nextSequence() > 6_000)
            {
                point[0] = session.nextSequence();
                booksAtPoint.add(session.truth().books(DEPTH));
                ordersAtPoint.add(session.truth().orderBooks());
            }
            if (session.nextSequence() > 5_000)
            {
                // what a handler queues while it fetches the snapshot: from before the point to the end
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                queue.add(copy);
            }
        });

        final ItchBookBuilder builder = new ItchBookBuilder(new ItchListener()
        {
        }, 1 << 16, 16, DEPTH);
        final GlimpseClient client = new GlimpseClient(
            (buffer, offset, length, sequence) -> builder.onMessage(buffer, offset, length, 0),
            "xdp", "lab", 2 * SECOND, 15 * SECOND, SECOND, 1 << 16);
        try (GlimpseSnapshotServer server = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0),
            SESSION, log, () -> point[0], 20, 120))
        {
            client.start(new InetSocketAddress("127.0.0.1", server.port()), System.nanoTime());
            while (client.poll(System.nanoTime()) != GlimpseClient.State.COMPLETE &&
                client.state() != GlimpseClient.State.FAILED)
            {
                Thread.onSpinWait();
            }
        }
        assertEquals(List.of(GlimpseClient.State.COMPLETE, GlimpseClient.Failure.NONE, point[0]),
            List.of(client.state(), client.failure(), client.endOfSnapshotSequence()));
        assertTrue(client.heartbeatsReceived() >= 2, "heartbeats before the snapshot: " + client.heartbeatsReceived());
        assertEquals(0, client.malformed() + builder.count(Count.UNKNOWN_ORDERS) + builder.malformedTotal());
        assertBooks(booksAtPoint.get(0), ordersAtPoint.get(0), builder,
            GlimpseSnapshotBuilder.at(log, point[0]).truth(), "at the snapshot's point");

        // the queued live messages: those before the end-of-snapshot sequence number are in the snapshot
        final MoldUdp64Framing framing = new MoldUdp64Framing();
        long next = client.endOfSnapshotSequence();
        long skipped = 0;
        for (final byte[] datagram : queue)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(datagram);
            final int count = framing.validate(buffer, 0, datagram.length);
            final long first = framing.sequenceNumber(buffer, 0);
            int position = MoldUdp64Framing.HEADER_LENGTH;
            for (int i = 0; count != MoldUdp64Framing.END_OF_SESSION && i < count; i++)
            {
                final int length = framing.messageLength(buffer, position);
                if (first + i == next)
                {
                    builder.onMessage(buffer, position + MoldUdp64Framing.BLOCK_HEADER_LENGTH, length, first + i);
                    next++;
                }
                else
                {
                    skipped++;
                }
                position += MoldUdp64Framing.BLOCK_HEADER_LENGTH + length;
            }
        }
        assertEquals(session.nextSequence(), next, "no message missing after the snapshot");
        assertTrue(skipped > 1_000, "queued messages already in the snapshot, and line B's copies: " + skipped);
        assertBooks(session.truth().books(DEPTH), session.truth().orderBooks(), builder, session.truth(), "at the end");
    }

    @Test
    void everyFailureIsOneStateWithItsReason() throws Exception
    {
        final List<Object> outcomes = new ArrayList<>();
        final byte[] accepted = soup('A', " ".repeat(10 - SESSION.length()) + SESSION + String.format("%20d", 1));

        // login rejected
        outcomes.add(run(concat(soup('J', "A")), false, 0));
        // unknown and empty packets skipped; a packet longer than the buffer ends it
        outcomes.add(run(concat(accepted, soup('Q', "xyz"), new byte[]{0, 0}, new byte[]{(byte)0xFF, (byte)0xFF}),
            true, 0));
        // two messages, then the server closes before 'G'
        outcomes.add(run(concat(accepted, soup('S', "S0000000000a"), soup('S', "S0000000000b")), false, 0));
        // End of Session before 'G'
        outcomes.add(run(concat(accepted, soup('Z', "")), true, 0));
        // a 'G' whose sequence number is not a number
        outcomes.add(run(concat(accepted, soup('S', "G" + " ".repeat(17) + "x12")), true, 0));
        // logged in, then silence: the read timeout, driven by the time given to poll
        outcomes.add(run(concat(accepted), true, 20 * SECOND));

        // nothing listens: connect refused
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")))
        {
            closedPort = socket.getLocalPort();
        }
        final GlimpseClient client = client(new ArrayList<>());
        client.start(new InetSocketAddress("127.0.0.1", closedPort), 0);
        long now = 0;
        while (client.poll(now) != GlimpseClient.State.FAILED)
        {
            now += 1_000;
            Thread.onSpinWait();
        }
        outcomes.add(List.of(client.failure(), 0L, 0L));

        assertEquals(List.of(
            List.of(GlimpseClient.Failure.LOGIN_REJECTED, 0L, 0L),
            List.of(GlimpseClient.Failure.MALFORMED, 0L, 2L),
            List.of(GlimpseClient.Failure.CLOSED_EARLY, 2L, 0L),
            List.of(GlimpseClient.Failure.END_OF_SESSION_EARLY, 0L, 0L),
            List.of(GlimpseClient.Failure.MALFORMED, 0L, 0L),
            List.of(GlimpseClient.Failure.READ_TIMEOUT, 0L, 0L),
            List.of(GlimpseClient.Failure.CONNECT_FAILED, 0L, 0L)), outcomes);
    }

    @Test
    void asciiNumbersAreReadAsSoupBinTcpWritesThem()
    {
        final List<Long> values = new ArrayList<>();
        for (final String text : List.of("                   1", "00000000000000000042", "   12345678901234567",
            "                    ", "  12 3               ", "-1                  ", "1                   "))
        {
            values.add(GlimpseClient.parseNumber(new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII)), 0, 20));
        }
        assertEquals(List.of(1L, 42L, 12345678901234567L, -1L, -1L, -1L, -1L), values);
    }

    private static void assertBooks(
        final Map<Integer, TruthBook> books, final Map<Integer, TruthOrderBook> orders, final ItchBookBuilder builder,
        final io.xdpfeed.sim.itch.ItchTruth priorities, final String when)
    {
        for (final Map.Entry<Integer, TruthBook> entry : books.entrySet())
        {
            assertEquals(entry.getValue(), new TruthBook(
                ItchSessionReplayTest.levels(builder.levels(entry.getKey(), true), DEPTH),
                ItchSessionReplayTest.levels(builder.levels(entry.getKey(), false), DEPTH)),
                "MBP book of locate " + entry.getKey() + " " + when);
        }
        assertEquals(new TreeMap<>(orders), ItchSessionReplayTest.orderBooks(builder.orders(), priorities), when);
    }

    /**
     * Serve one connection with a script (after reading the 49-byte login), then close or hold it open; poll a
     * client against it until it fails, with the clock moving by {@code clockStepNs} per poll after the script.
     *
     * @return the failure, the messages handed on, the packets counted as malformed.
     */
    private static List<Object> run(final byte[] script, final boolean holdOpen, final long clockStepNs)
        throws Exception
    {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")))
        {
            final Thread server = new Thread(() ->
            {
                try (Socket socket = listener.accept())
                {
                    new DataInputStream(socket.getInputStream()).readFully(new byte[49]);
                    final OutputStream out = socket.getOutputStream();
                    out.write(script);
                    out.flush();
                    if (holdOpen)
                    {
                        socket.getInputStream().read(new byte[64]);
                    }
                }
                catch (final IOException ex)
                {
                    // the client closed: done
                }
            });
            server.setDaemon(true);
            server.start();
            final List<String> messages = new ArrayList<>();
            final GlimpseClient client = client(messages);
            long now = 0;
            client.start(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), now);
            int polls = 0;
            while (client.poll(now) != GlimpseClient.State.FAILED)
            {
                assertTrue(client.state() != GlimpseClient.State.COMPLETE);
                if (clockStepNs > 0 && client.state() == GlimpseClient.State.RECEIVING && ++polls > 100)
                {
                    now += clockStepNs;
                }
                Thread.onSpinWait();
            }
            client.close();
            server.join(5_000);
            return List.of(client.failure(), (long)messages.size(), client.malformed());
        }
    }

    private static GlimpseClient client(final List<String> messages)
    {
        return new GlimpseClient((buffer, offset, length, sequence) ->
            messages.add(sequence + ":" + buffer.getStringWithoutLengthAscii(offset, length)),
            "xdp", "lab", 2 * SECOND, 15 * SECOND, SECOND, 1024);
    }

    private static byte[] soup(final char type, final String payload)
    {
        final ByteBuffer packet = ByteBuffer.allocate(3 + payload.length());
        packet.putShort((short)(1 + payload.length())).put((byte)type).put(payload.getBytes(StandardCharsets.US_ASCII));
        return packet.array();
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteBuffer all = ByteBuffer.allocate(1 << 12);
        for (final byte[] part : parts)
        {
            all.put(part);
        }
        final byte[] bytes = new byte[all.position()];
        all.flip().get(bytes);
        return bytes;
    }
}
