package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.handler.protocol.SyntheticPackets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up's synthetic ITCH is a valid session that runs every path of the book builder: each datagram well framed
 * and in sequence, every message type the builder applies present, no order unknown, duplicated or refused, and the
 * builder's live orders those the generator keeps; prices deep enough to fill the ladder and hide orders below it.
 * Its bytes are those it wrote before it wrote through the codecs' shared writer; nothing is allocated per datagram.
 */
@Timeout(30)
class ItchWarmUpPacketsTest
{
    private static final int PACKETS = 20_000;
    /**
     * SHA-256 of the first {@link #PACKETS} datagrams of seed 7, each its 4-byte length then its bytes, as the
     * generator wrote them with its own encoders (recorded at 18c0001, before it wrote through the codecs' shared
     * {@code ItchPacketWriter}): the warm-up's bytes did not change with the writer.
     */
    private static final String SEED_7_SHA256 =
        "87193926767b4136f10b94f6e5745cb720711ba7cf7e90e56bbdd9772745a316";

    @Test
    void givenASendingTimeEveryMessageCarriesItsTimeOfDayInNewYork()
    {
        final ItchWarmUpPackets packets = new ItchWarmUpPackets(7);
        final MoldUdp64Framing framing = new MoldUdp64Framing();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SyntheticPackets.MAX_LENGTH]);
        final long sendingTimeNs = 1_767_623_400_123_456_789L; // 2026-01-05 09:30:00.123456789 New York
        for (int i = 0; i < 100; i++)
        {
            final int length = packets.next(buffer, sendingTimeNs + i * 20_000L);
            final int count = framing.validate(buffer, 0, length);
            assertTrue(count > 0);
            int position = MoldUdp64Framing.HEADER_LENGTH;
            for (int m = 0; m < count; m++)
            {
                assertEquals(34_200_123_456_789L + i * 20_000L,
                    ItchMessages.timestampNs(buffer, position + MoldUdp64Framing.BLOCK_HEADER_LENGTH));
                position += MoldUdp64Framing.BLOCK_HEADER_LENGTH + (buffer.getShort(position, BIG_ENDIAN) & 0xFFFF);
            }
        }
    }

    @Test
    void aValidSessionThroughEveryPathOfTheBuilder()
    {
        final TreeMap<Character, Long> types = new TreeMap<>();
        final long[] levels = new long[1];
        final ItchListener listener = new ItchListener()
        {
            public void onMessageStart(final byte messageType, final long sequence, final long timestampNs)
            {
                types.merge((char)messageType, 1L, Long::sum);
            }

            public void onLevel(
                final int locate, final boolean bid, final io.xdpfeed.codecs.md.BookAction action, final int level,
                final long price, final long size, final int orderCount)
            {
                levels[0]++;
            }
        };
        final ItchBookBuilder builder = new ItchBookBuilder(listener, 4_096, 16, 10);
        final ItchWarmUpPackets packets = new ItchWarmUpPackets(7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SyntheticPackets.MAX_LENGTH]);
        long messages = 0;
        int deepestLadder = 0;
        for (int i = 0; i < PACKETS; i++)
        {
            final int length = packets.next(buffer, 0);
            assertTrue(length <= SyntheticPackets.MAX_LENGTH);
            messages += builder.onPacket(buffer, 0, length);
            for (int locate = ItchWarmUpPackets.FIRST_LOCATE;
                locate < ItchWarmUpPackets.FIRST_LOCATE + ItchWarmUpPackets.INSTRUMENTS; locate++)
            {
                deepestLadder = Math.max(deepestLadder, builder.levels(locate, true).count());
            }
        }

        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L), List.of(builder.malformedTotal(), builder.count(Count.GAPS),
            builder.count(Count.DUPLICATES), builder.count(Count.UNKNOWN_ORDERS), builder.count(Count.DUPLICATE_ORDERS),
            builder.count(Count.REFUSED_ORDERS), builder.count(Count.UNHANDLED_MESSAGES)));
        assertEquals(messages, builder.count(Count.MESSAGES));
        assertEquals(messages, builder.nextSequence() - 1);
        assertEquals("[A, C, D, E, F, H, P, R, S, U, X]", types.keySet().toString());
        assertEquals(ItchWarmUpPackets.INSTRUMENTS, builder.instrumentCount());
        assertEquals(packets.liveOrders(), builder.orders().orderCount());
        assertTrue(levels[0] > messages / 4, "levels told: " + levels[0] + " of " + messages + " messages");
        // a bid ladder filled to the end of its reserve: orders at prices below it were hidden
        assertEquals(ItchBookBuilder.ladderDepth(10), deepestLadder);
    }

    @Test
    void theSameBytesAsRecorded() throws NoSuchAlgorithmException
    {
        final MessageDigest digest = MessageDigest.getInstance("SHA-256");
        final ItchWarmUpPackets packets = new ItchWarmUpPackets(7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SyntheticPackets.MAX_LENGTH]);
        final byte[] length = new byte[4];
        for (int i = 0; i < PACKETS; i++)
        {
            final int written = packets.next(buffer, 0);
            new UnsafeBuffer(length).putInt(0, written);
            digest.update(length);
            digest.update(buffer.byteArray(), 0, written);
        }
        assertEquals(SEED_7_SHA256, HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void nothingAllocatedPerDatagram()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final ItchWarmUpPackets packets = new ItchWarmUpPackets(7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SyntheticPackets.MAX_LENGTH]);
        long allocated = -1;
        long bytes = 0;
        for (int pass = 0; pass < 30 && allocated != 0; pass++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < PACKETS; i++)
            {
                bytes += packets.next(buffer, 0);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated writing " + PACKETS + " datagrams (" + bytes + " bytes)");
    }

    @Test
    void eachStreamStartsItsOwnSessionFromSequenceOne()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SyntheticPackets.MAX_LENGTH]);
        final MoldUdp64Framing framing = new MoldUdp64Framing();
        for (final long seed : new long[]{1, 2})
        {
            final ItchWarmUpPackets packets = new ItchWarmUpPackets(seed);
            final int first = packets.next(buffer, 0);
            assertEquals(1 + 2 * ItchWarmUpPackets.INSTRUMENTS + 2, framing.validate(buffer, 0, first));
            assertEquals(1, framing.sequenceNumber(buffer, 0));
        }
        assertTrue(ItchProtocol.INSTANCE.warmUpPackets(1) instanceof ItchWarmUpPackets);
    }
}
