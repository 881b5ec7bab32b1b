package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.MoldUdp64RetransmissionServer;
import io.xdpfeed.sim.truth.TruthBook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MoldUDP64 re-requests against real sockets on 127.0.0.1: the simulator's retransmission server fills the gaps
 * that bursts lost on both lines leave, byte for byte as its log holds them, with never more than the in-flight
 * bound outstanding, and the feed with them ends equal to the truth; against a socket that never answers, requests
 * are re-sent on timeout (time given as an argument) and then abandoned; bad answers are counted; no allocation.
 */
@Timeout(60)
class MoldUdp64RequesterTest
{
    private static final String SESSION = ItchSession.SESSION;
    private static final int DEPTH = 10;

    @Test
    void gapsAreFilledFromTheServerAsLoggedWithinTheInFlightBound() throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(new ItchSession.Settings(6, 6_000, 9, 0.03, 0.03,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), 5, 5), log);
        final List<byte[]> datagrams = new ArrayList<>();
        session.run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            datagrams.add(copy);
        });

        final List<long[]> gaps = new ArrayList<>();
        final ItchBookBuilder live = new ItchBookBuilder(new ItchListener()
        {
            @Override
            public void onGap(final long fromSequence, final long toSequence)
            {
                gaps.add(new long[]{fromSequence, toSequence + 1});
            }
        }, 1 << 16, 16, DEPTH);
        for (final byte[] datagram : datagrams)
        {
            live.onPacket(new UnsafeBuffer(datagram), 0, datagram.length);
        }
        assertEquals(session.messagesLostOnBoth(), live.count(Count.MISSED_MESSAGES));
        assertTrue(gaps.size() >= 3, "gaps: " + gaps.size());

        final Map<Long, byte[]> recovered = new TreeMap<>();
        final MoldUdp64Framing framing = new MoldUdp64Framing();
        int mostInFlight = 0;
        try (MoldUdp64RetransmissionServer server = new MoldUdp64RetransmissionServer(
            new InetSocketAddress("127.0.0.1", 0), SESSION, log, 1400, 0);
            MoldUdp64RetransmissionChannel channel = new MoldUdp64RetransmissionChannel(
                new InetSocketAddress("127.0.0.1", server.port()), SESSION))
        {
            final MoldUdp64Requester requester =
                new MoldUdp64Requester(SESSION, 2, 4, 2_000_000_000L, 50, 64, channel);
            channel.requester(requester);
            for (final long[] gap : gaps)
            {
                assertTrue(requester.onGap(gap[0], gap[1]));
            }
            while (!requester.isIdle())
            {
                requester.poll(System.nanoTime());
                mostInFlight = Math.max(mostInFlight, requester.inFlight());
                channel.poll((buffer, offset, length) ->
                {
                    final long first = framing.sequenceNumber(buffer, offset);
                    int position = offset + MoldUdp64Framing.HEADER_LENGTH;
                    for (int i = 0; i < framing.messageCount(buffer, offset); i++)
                    {
                        final int messageLength = framing.messageLength(buffer, position);
                        final byte[] message = new byte[messageLength];
                        buffer.getBytes(position + MoldUdp64Framing.BLOCK_HEADER_LENGTH, message);
                        recovered.put(first + i, message);
                        position += MoldUdp64Framing.BLOCK_HEADER_LENGTH + messageLength;
                    }
                }, 16);
                Thread.onSpinWait();
            }
            assertEquals(2, mostInFlight, "the in-flight bound is reached and never passed");
            assertEquals(requester.responses(), server.requestsServed());
            assertEquals(session.messagesLostOnBoth(), requester.messagesRecovered());
            assertEquals(0, requester.abandonedMessages() + channel.malformedTotal() + channel.otherSession());
        }

        // every missing message came back, as the log holds it
        final Map<Long, byte[]> expected = new TreeMap<>();
        for (final long[] gap : gaps)
        {
            log.forEach(gap[0], gap[1], (buffer, offset, length, sequence) ->
            {
                final byte[] message = new byte[length];
                buffer.getBytes(offset, message);
                expected.put(sequence, message);
            });
        }
        assertEquals(expected.keySet(), recovered.keySet());
        for (final Map.Entry<Long, byte[]> entry : expected.entrySet())
        {
            assertArrayEquals(entry.getValue(), recovered.get(entry.getKey()), "message " + entry.getKey());
        }

        // the line messages and the recovered ones, in sequence order, end equal to the truth
        final Map<Long, byte[]> feed = new TreeMap<>(recovered);
        for (final byte[] datagram : datagrams)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(datagram);
            final int count = framing.validate(buffer, 0, datagram.length);
            final long first = framing.sequenceNumber(buffer, 0);
            int position = MoldUdp64Framing.HEADER_LENGTH;
            for (int i = 0; count != MoldUdp64Framing.END_OF_SESSION && i < count; i++)
            {
                final int messageLength = framing.messageLength(buffer, position);
                feed.putIfAbsent(first + i, Arrays.copyOfRange(datagram,
                    position + MoldUdp64Framing.BLOCK_HEADER_LENGTH,
                    position + MoldUdp64Framing.BLOCK_HEADER_LENGTH + messageLength));
                position += MoldUdp64Framing.BLOCK_HEADER_LENGTH + messageLength;
            }
        }
        assertEquals(log.messageCount(), feed.size());
        final ItchBookBuilder rebuilt = new ItchBookBuilder(new ItchListener()
        {
        }, 1 << 16, 16, DEPTH);
        for (final Map.Entry<Long, byte[]> entry : feed.entrySet())
        {
            rebuilt.onMessage(new UnsafeBuffer(entry.getValue()), 0, entry.getValue().length, entry.getKey());
        }
        assertEquals(0, rebuilt.count(Count.UNKNOWN_ORDERS) + rebuilt.malformedTotal());
        for (final Map.Entry<Integer, TruthBook> entry : session.truth().books(DEPTH).entrySet())
        {
            assertEquals(entry.getValue(), new TruthBook(
                ItchSessionReplayTest.levels(rebuilt.levels(entry.getKey(), true), DEPTH),
                ItchSessionReplayTest.levels(rebuilt.levels(entry.getKey(), false), DEPTH)), "locate " +
                entry.getKey());
        }
        assertEquals(session.truth().orderBooks(), ItchSessionReplayTest.orderBooks(rebuilt.orders(),
            session.truth()));
    }

    @Test
    void requestsAreBoundedReSentOnTimeoutThenAbandoned() throws Exception
    {
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            MoldUdp64RetransmissionChannel channel = new MoldUdp64RetransmissionChannel(
                (InetSocketAddress)silent.getLocalAddress(), SESSION))
        {
            final long second = 1_000_000_000L;
            final MoldUdp64Requester requester = new MoldUdp64Requester(SESSION, 2, 100, second, 2, 8, channel);
            assertTrue(requester.onGap(10, 20));
            assertTrue(requester.onGap(20, 25)); // contiguous: extends the last gap
            assertTrue(requester.onGap(30, 40));
            assertTrue(requester.onGap(50, 60));
            final long t0 = 5 * second;
            final List<Integer> sent = new ArrayList<>();
            sent.add(requester.poll(t0));
            sent.add(requester.poll(t0 + second / 2));
            sent.add(requester.poll(t0 + second));
            sent.add(requester.poll(t0 + 2 * second));
            requester.onResponse(50, 4); // answered in part: the rest is asked for at once
            sent.add(requester.poll(t0 + 2 * second + 1));
            requester.onResponse(54, 6);
            requester.onResponse(54, 6); // a late duplicate
            assertEquals(List.of(2, 0, 2, 1, 1), sent);
            assertEquals(List.of("10+15", "30+10", "10+15", "30+10", "50+10", "54+6"), received(silent, 6));
            assertEquals(List.of(6L, 4L, 3L, 10L, 1L, 25L, true, true), List.of(requester.requests(),
                requester.timeouts(), requester.responses(), requester.messagesRecovered(), requester.unsolicited(),
                requester.abandonedMessages(), requester.needsSnapshot(), requester.isIdle()));
            requester.clear();
            assertEquals(false, requester.needsSnapshot());
        }
    }

    @Test
    void badAnswersAreCountedAndSkipped() throws Exception
    {
        try (DatagramChannel server = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            MoldUdp64RetransmissionChannel channel = new MoldUdp64RetransmissionChannel(
                (InetSocketAddress)server.getLocalAddress(), SESSION))
        {
            final MoldUdp64Requester requester = new MoldUdp64Requester(SESSION, 1, 10, 1_000_000_000L, 3, 8, channel);
            channel.requester(requester);
            requester.onGap(7, 8);
            requester.poll(1);
            final ByteBuffer request = ByteBuffer.allocate(64);
            final InetSocketAddress client = (InetSocketAddress)server.receive(request);
            server.send(ByteBuffer.wrap(new byte[10]), client);                         // shorter than a header
            final UnsafeBuffer outside = packet(SESSION, 7, 2);                          // 2 messages, 1 block
            server.send(ByteBuffer.wrap(outside.byteArray(), 0, 20 + 2 + 19), client);
            server.send(ByteBuffer.wrap(packet("OTHER00001", 7, 1).byteArray(), 0, 20 + 2 + 19), client);
            server.send(ByteBuffer.wrap(packet(SESSION, 7, 1).byteArray(), 0, 20 + 2 + 19), client);
            final List<Long> answers = new ArrayList<>();
            int valid = 0;
            while (valid == 0)
            {
                valid += channel.poll((buffer, offset, length) -> answers.add(
                    new MoldUdp64HeaderDecoder().wrap(buffer, offset, 20, 0).sequenceNumber()), 8);
            }
            assertEquals(List.of(7L), answers);
            assertEquals(List.of(1L, 1L, 1L, 1L, true), List.of(channel.malformed(MoldUdp64Framing.TOO_SHORT),
                channel.malformed(MoldUdp64Framing.BLOCK_OUTSIDE_DATAGRAM), channel.otherSession(),
                requester.messagesRecovered(), requester.isIdle()));
        }
    }

    @Test
    void requestingAllocatesNothing()
    {
        final long[] sent = new long[1];
        final MoldUdp64Requester requester = new MoldUdp64Requester(SESSION, 4, 8, 1_000, 3, 64,
            (buffer, offset, length) ->
            {
                sent[0] += buffer.getLong(offset + 10, java.nio.ByteOrder.BIG_ENDIAN) > 0 ? 1 : 0;
                return true;
            });
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        long allocated = -1;
        for (int pass = 0; pass < 20 && allocated != 0; pass++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            cycle(requester, pass * 10_000L);
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated);
        assertTrue(sent[0] > 0);
    }

    private static void cycle(final MoldUdp64Requester requester, final long base)
    {
        for (long g = 0; g < 1_000; g++)
        {
            final long from = base + g * 100 + 1;
            requester.onGap(from, from + 20);
            requester.poll(g * 10);
            requester.onResponse(from, 8);
            requester.poll(g * 10 + 1);
            requester.onResponse(from + 8, 12);
            requester.poll(g * 10 + 2_000);
        }
        requester.clear();
    }

    private static UnsafeBuffer packet(final String session, final long first, final int count)
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[64]);
        new MoldUdp64HeaderEncoder().wrap(packet, 0).session(session).sequenceNumber(first).messageCount(count);
        packet.putShort(20, (short)19, java.nio.ByteOrder.BIG_ENDIAN);
        packet.putByte(22, (byte)'D');
        packet.putLong(22 + 11, 99, java.nio.ByteOrder.BIG_ENDIAN);
        return packet;
    }

    private static List<String> received(final DatagramChannel silent, final int expected) throws Exception
    {
        final List<String> requests = new ArrayList<>();
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
        while (requests.size() < expected)
        {
            buffer.clear();
            silent.receive(buffer);
            assertEquals(20, buffer.position());
            header.wrap(new UnsafeBuffer(buffer.array()), 0, 20, 0);
            assertEquals(SESSION, header.session());
            requests.add(header.sequenceNumber() + "+" + header.messageCount());
        }
        return requests;
    }
}
