package io.xdpfeed.sim;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import io.xdpfeed.sim.itch.GlimpseSnapshotBuilder;
import io.xdpfeed.sim.itch.GlimpseSnapshotServer;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.MoldUdp64RetransmissionServer;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ITCH simulator's recovery side: bursts lost on both lines leave the truth as it was and every message in the
 * log; the MoldUDP64 re-request server answers from the log byte for byte and refuses what it must; the GLIMPSE
 * server's snapshot, read off a plain socket, holds the book at its sequence point and ends with 'G' naming that
 * point; {@code --config-out} writes the line map.
 */
@Timeout(60)
class ItchRecoveryServersTest
{
    private static final String SESSION = ItchSession.SESSION;

    @Test
    void burstsLostOnBothLinesLeaveTheTruthAndTheLogWhole()
    {
        final ItchMessageLog log = new ItchMessageLog();
        final RecordingSink sink = new RecordingSink();
        final ItchSession session = new ItchSession(settings(4), log);
        session.run(sink);
        final ItchSession clean = new ItchSession(settings(0));
        clean.run();

        assertEquals(clean.truth().orderBooks(), session.truth().orderBooks(), "the truth does not see the bursts");
        assertEquals(session.nextSequence() - 1, log.messageCount());
        final TreeSet<Long> received = new TreeSet<>();
        for (final Datagram datagram : sink.datagrams)
        {
            final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder()
                .wrap(new UnsafeBuffer(datagram.payload()), 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
            final int count = header.messageCount();
            for (int i = 0; count != 0xFFFF && i < count; i++)
            {
                received.add(header.sequenceNumber() + i);
            }
        }
        assertTrue(session.lostOnBoth() >= 4, "packets lost on both: " + session.lostOnBoth());
        assertEquals(log.messageCount() - session.messagesLostOnBoth(), received.size());
    }

    @Test
    void reRequestsAreAnsweredFromTheLogAndBadOnesRefused() throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        new ItchSession(settings(2), log).run();
        try (MoldUdp64RetransmissionServer server = new MoldUdp64RetransmissionServer(
            new InetSocketAddress("127.0.0.1", 0), SESSION, log, 1400, 1_000);
            DatagramChannel client = DatagramChannel.open())
        {
            client.connect(new InetSocketAddress("127.0.0.1", server.port()));
            final long last = log.messageCount();
            final byte[] answer = request(client, SESSION, last - 50, 10);
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[1400]);
            assertEquals(10, log.copyBlocks(last - 50, 10, 1400, expected, 0));
            final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder()
                .wrap(new UnsafeBuffer(answer), 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
            assertEquals(List.of(SESSION, last - 50, 10), List.of(header.session(), header.sequenceNumber(),
                header.messageCount()));
            assertArrayEquals(Arrays.copyOf(expected.byteArray(), log.blocksLength(last - 50, 10)),
                Arrays.copyOfRange(answer, 20, answer.length), "the messages as logged");

            // more than fit one packet: as many as fit 1400 bytes
            final byte[] big = request(client, SESSION, last - 500, 500);
            final int fitted = new MoldUdp64HeaderDecoder().wrap(new UnsafeBuffer(big), 0, 20, 0).messageCount();
            assertTrue(fitted > 10 && fitted < 500 && big.length <= 1400, fitted + " messages, " + big.length);
            assertEquals(20 + log.blocksLength(last - 500, fitted), big.length);

            // refused: another session, outside the window, beyond the log, a count of 0, a short request
            client.write(ByteBuffer.wrap(requestBytes("OTHER00001", last - 5, 1)));
            client.write(ByteBuffer.wrap(requestBytes(SESSION, 1, 1)));
            client.write(ByteBuffer.wrap(requestBytes(SESSION, last + 1, 1)));
            client.write(ByteBuffer.wrap(requestBytes(SESSION, last - 5, 0)));
            client.write(ByteBuffer.wrap(new byte[7]));
            request(client, SESSION, last, 1);
            assertEquals(3, server.requestsServed());
            assertEquals(5, server.requestsRefused());
        }
    }

    @Test
    void snapshotHoldsTheBookAtItsPointAndEndsWithG() throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final long[] point = new long[1];
        final ItchSession session = new ItchSession(settings(0), log);
        final List<Object> books = new ArrayList<>();
        session.run(new DatagramSink()
        {
            @Override
            public void onDatagram(final io.xdpfeed.sim.config.SimLine line, final org.agrona.DirectBuffer buffer,
                final int offset, final int length, final long timeNs)
            {
                if (books.isEmpty() && session.nextSequence() > 3_000)
                {
                    point[0] = session.nextSequence();
                    books.add(session.truth().orderBooks());
                }
            }
        });
        assertEquals(books.get(0), GlimpseSnapshotBuilder.at(log, point[0]).truth().orderBooks(),
            "the log replayed to the point is the truth there");

        try (GlimpseSnapshotServer server = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0),
            SESSION, log, () -> point[0], 1_000, 0);
            Socket socket = new Socket("127.0.0.1", server.port()))
        {
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(47);
            out.writeBytes("L" + "user  " + "password  " + " ".repeat(10) + " ".repeat(19) + "1");
            out.flush();
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final List<String> types = new ArrayList<>();
            String end = null;
            while (end == null)
            {
                final byte[] packet = new byte[in.readUnsignedShort()];
                in.readFully(packet);
                if (packet[0] == 'A')
                {
                    assertEquals(SESSION, new String(packet, 1, 10, StandardCharsets.US_ASCII));
                    assertEquals("1", new String(packet, 11, 20, StandardCharsets.US_ASCII).trim());
                }
                types.add(packet[0] == 'S' ? "S" + (char)packet[1] : String.valueOf((char)packet[0]));
                if (packet[0] == 'S' && packet[1] == 'G')
                {
                    end = new String(packet, 2, 20, StandardCharsets.US_ASCII);
                }
            }
            out.writeShort(1);
            out.writeByte('O');
            out.flush();
            assertEquals(String.format("%20d", point[0]), end);
            final int live = countOrders(books.get(0));
            assertEquals(live, types.stream().filter("SA"::equals).count());
            assertEquals(List.of("A", "SS", "SR", "SH"), types.subList(0, 4));
            assertEquals(1 + 1 + 2 * 6 + live + 1, types.size());
            assertEquals(-1, in.read(), "closed after the logout");
            assertEquals(1, server.snapshotsServed());
        }
    }

    @Test
    void configOutWritesTheLineMapAndTheServers(@TempDir final Path dir) throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Path file = dir.resolve("itch.properties");
        assertEquals(0, ExchangeSimulatorMain.run(new String[]{"--protocol", "itch", "--packets", "100",
            "--loss-both-bursts", "2", "--config-out", file.toString(), "--quiet",
            "--retransmit-server", "127.0.0.1:0", "--snapshot-server", "127.0.0.1:0", "--serve-seconds", "1"},
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)), err.toString());
        final List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(
            "# exchange-sim --protocol itch: the simulated channel's lines (docs/itch.md)",
            "xdpfeed.protocol=itch",
            "xdpfeed.itch.lines.a=1@239.77.18.1:26400",
            "xdpfeed.itch.lines.b=1@239.77.18.2:26401"), lines.subList(0, 4));
        assertEquals(6, lines.size());
        // the ports the servers bound, not the 0 asked for
        assertTrue(lines.get(4).matches("xdpfeed\\.itch\\.retransmission=1@127\\.0\\.0\\.1:[1-9][0-9]*"),
            lines.get(4));
        assertTrue(lines.get(5).matches("xdpfeed\\.itch\\.snapshot=1@127\\.0\\.0\\.1:[1-9][0-9]*"),
            lines.get(5));
    }

    private static int countOrders(final Object orderBooks)
    {
        int live = 0;
        for (final Object book : ((java.util.Map<?, ?>)orderBooks).values())
        {
            final io.xdpfeed.sim.truth.TruthOrderBook orders = (io.xdpfeed.sim.truth.TruthOrderBook)book;
            live += orders.bids().size() + orders.asks().size();
        }
        return live;
    }

    private static ItchSession.Settings settings(final int bursts)
    {
        return new ItchSession.Settings(6, 4_000, 5, 0.02, 0.02, ItchSession.DEFAULT_START_EPOCH_NS,
            ItchSession.Settings.defaultChannel(), bursts, 5);
    }

    private static byte[] request(final DatagramChannel client, final String session, final long from,
        final int count) throws Exception
    {
        client.write(ByteBuffer.wrap(requestBytes(session, from, count)));
        final ByteBuffer answer = ByteBuffer.allocate(2048);
        client.read(answer);
        return Arrays.copyOf(answer.array(), answer.position());
    }

    private static byte[] requestBytes(final String session, final long from, final int count)
    {
        final UnsafeBuffer request = new UnsafeBuffer(new byte[20]);
        new MoldUdp64HeaderEncoder().wrap(request, 0).session(session).sequenceNumber(from).messageCount(count);
        return request.byteArray();
    }
}
