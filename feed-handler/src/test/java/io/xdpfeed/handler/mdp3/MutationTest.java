package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.TestCaptures.Datagram;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.replay.ReplayListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged input: real packets truncated at every length, random bytes, lying length fields, and a corrupted copy on
 * line A before the intact copy on line B. Buffers are exactly as long as the datagram and Agrona bounds checks are
 * on, so any read past the datagram throws; the listener reads every field of every entry.
 */
@Timeout(120)
class MutationTest
{
    private static List<Datagram> v9;
    private static List<Datagram> v8;

    @BeforeAll
    static void load()
    {
        v9 = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V9));
        v8 = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V8));
    }

    private static Line line()
    {
        final LineMap lineMap = LineMap.unconfigured(1);
        return lineMap.line(lineMap.lineId(0xE0000001, 1));
    }

    private static List<byte[]> realPackets()
    {
        final List<byte[]> packets = new ArrayList<>();
        v9.forEach((d) -> packets.add(d.payload()));
        for (int i = 0; i < v8.size(); i += 25)
        {
            packets.add(v8.get(i).payload());
        }
        return packets;
    }

    private static int feed(final Mdp3PacketAdapter adapter, final Line line, final byte[] bytes, final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(Arrays.copyOf(bytes, length));
        try
        {
            return adapter.onPacket(line, buffer, 0, length, 0);
        }
        catch (final RuntimeException ex)
        {
            fail("exception on " + length + " bytes: " + ex, ex);
            return 0;
        }
    }

    @Test
    void everyRealPacketTruncatedAtEveryLength()
    {
        final Line line = line();
        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(listener);
        long truncations = 0;
        long validPrefixes = 0;
        for (final byte[] packet : realPackets())
        {
            final List<Integer> boundaries = messageBoundaries(packet);
            for (int length = 0; length < packet.length; length++)
            {
                truncations++;
                final int result = feed(adapter, line, packet, length);
                if (result > 0)
                {
                    validPrefixes++;
                    assertTrue(boundaries.contains(length), "only a cut at a message boundary is a valid packet");
                }
            }
        }
        assertEquals(truncations, adapter.malformed() + validPrefixes);
        assertTrue(adapter.malformed() > 50_000, "malformed " + adapter.malformed());
    }

    @Test
    void randomBytesAndRandomlyFlippedRealPackets()
    {
        final Line line = line();
        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(listener);
        final Random random = new Random(42);
        for (int i = 0; i < 50_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(1500)];
            random.nextBytes(bytes);
            if (bytes.length >= 20 && random.nextBoolean())
            {
                // plausible header so that the walk goes further
                final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                buffer.putShort(12, (short)random.nextInt(bytes.length), ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(16, (short)(random.nextBoolean() ? 46 : random.nextInt(70)), ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(18, (short)1, ByteOrder.LITTLE_ENDIAN);
            }
            feed(adapter, line, bytes, bytes.length);
        }

        final List<byte[]> packets = realPackets();
        for (int i = 0; i < 100_000; i++)
        {
            final byte[] bytes = packets.get(random.nextInt(packets.size())).clone();
            final int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++)
            {
                bytes[12 + random.nextInt(bytes.length - 12)] ^= (byte)(1 << random.nextInt(8));
            }
            feed(adapter, line, bytes, bytes.length);
        }
        assertTrue(adapter.malformed() > 0);
    }

    /**
     * A lie that sends a length past its message or datagram is always caught. A lie that keeps everything inside
     * can, by coincidence, tile exactly (e.g. one more entry swallowing the next group's header and entries, whose
     * bytes then read as an empty group header): framing cannot see that, but every read stays inside the datagram.
     */
    @Test
    void lyingMsgSizeBlockLengthAndNumInGroupAreMalformed()
    {
        final Line line = line();
        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(listener);
        int lies = 0;
        int caught = 0;
        for (final byte[] packet : realPackets())
        {
            int position = 12;
            while (position < packet.length)
            {
                final UnsafeBuffer original = new UnsafeBuffer(packet);
                final int msgSize = original.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final int blockLength = original.getShort(position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final int templateId = original.getShort(position + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final String where = "template " + templateId + " at " + position + " of " + packet.length + ": ";

                for (final int lie : new int[]{ 0, 1, 9, msgSize - 1, msgSize + 1, 0xFFFF })
                {
                    lies++;
                    caught += assertMalformed(adapter, line, withShort(packet, position, lie), where + "MsgSize " + lie);
                }
                for (final int lie : new int[]{ msgSize, 0xFFFF })
                {
                    lies++;
                    caught += assertMalformed(adapter, line, withShort(packet, position + 2, lie),
                        where + "blockLength " + lie);
                }
                for (final int lie : new int[]{ blockLength - 1, blockLength + 1 })
                {
                    lies++;
                    caught += feed(adapter, line, withShort(packet, position + 2, lie), packet.length) < 0 ? 1 : 0;
                }

                final Mdp3Templates.Layout layout = Mdp3Templates.layout(templateId);
                if (layout != null && layout.groups().length > 0)
                {
                    final int version = original.getShort(position + 8, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                    int group = position + 10 + blockLength;
                    for (final Mdp3Templates.Group g : layout.groups())
                    {
                        if (version < g.sinceVersion())
                        {
                            continue;
                        }
                        final int entryLength = original.getShort(group, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                        final int countOffset = group + g.headerSize() - 1;
                        final int count = packet[countOffset] & 0xFF;
                        if (count < 255 && entryLength * 255 > msgSize)
                        {
                            lies++;
                            final byte[] lying = packet.clone();
                            lying[countOffset] = (byte)255;
                            caught += assertMalformed(adapter, line, lying, where + "numInGroup 255 was " + count);
                        }
                        for (final int lie : new int[]{ count + 1, count - 1 })
                        {
                            if (lie >= 0 && lie <= 255)
                            {
                                lies++;
                                final byte[] lying = packet.clone();
                                lying[countOffset] = (byte)lie;
                                caught += feed(adapter, line, lying, lying.length) < 0 ? 1 : 0;
                            }
                        }
                        if (count > 0)
                        {
                            lies++;
                            caught += assertMalformed(adapter, line, withShort(packet, group, 0xFFFF),
                                where + "group blockLength 65535 was " + entryLength);
                            for (final int lie : new int[]{ entryLength - 1, entryLength + 1, 0 })
                            {
                                lies++;
                                caught += feed(adapter, line, withShort(packet, group, lie), packet.length) < 0 ? 1 : 0;
                            }
                        }
                        group += g.headerSize() + entryLength * count;
                    }
                }
                position += msgSize;
            }
        }
        assertEquals(caught, adapter.malformed());
        assertTrue(caught >= lies * 0.99, "caught " + caught + " of " + lies + " lies");
    }

    /**
     * Through the engine, as live and {@code scripts/replay} run it: a corrupted copy on A is counted as malformed
     * and does not consume its MsgSeqNum, so the intact copy on B is used and nothing the publisher is told changes.
     */
    @Test
    void corruptedACopyBeforeIntactBCopyLosesNothing()
    {
        final StringWriter intactEvents = new StringWriter();
        final FeedEngine intact = engine(TestCaptures.config(TestCaptures.V8), intactEvents);
        for (final Datagram d : v8)
        {
            intact.onDatagram(d.groupAddress(), d.port(), new UnsafeBuffer(d.payload()), 0, d.payload().length,
                d.receiveTimeNs());
        }
        intact.flush(intact.lastReceiveTimeNs());

        final LineMap freshLineMap = TestCaptures.config(TestCaptures.V8);
        final StringWriter damagedEvents = new StringWriter();
        final FeedEngine damaged = engine(freshLineMap, damagedEvents);
        final int lineA = freshLineMap.lineId(LineMap.parseAddress("224.0.31.11"), 14320);
        final Random random = new Random(7);
        int corrupted = 0;
        long seenSeq = 0;
        for (final Datagram d : v8)
        {
            byte[] payload = d.payload();
            final long seq = Mdp3Framing.msgSeqNum(new UnsafeBuffer(payload), 0);
            final boolean firstCopy = seq > seenSeq;
            seenSeq = Math.max(seenSeq, seq);
            if (firstCopy && freshLineMap.lineId(d.groupAddress(), d.port()) == lineA && random.nextInt(3) == 0)
            {
                payload = switch (corrupted % 3)
                {
                    case 0 -> Arrays.copyOf(payload, payload.length - 1 - random.nextInt(payload.length - 12));
                    case 1 -> withShort(payload, 12, (payload[12] & 0xFF) + 1);
                    default -> withShort(payload, 14, 0xFFFF);
                };
                corrupted++;
            }
            damaged.onDatagram(d.groupAddress(), d.port(), new UnsafeBuffer(payload), 0, payload.length,
                d.receiveTimeNs());
        }
        damaged.flush(damaged.lastReceiveTimeNs());

        assertTrue(corrupted > 300, "corrupted " + corrupted);
        assertEquals(corrupted, damaged.malformed());
        assertEquals(5000, damaged.channel(0).decoder().decodedPackets());
        assertEquals(5000 - corrupted, damaged.duplicates());
        assertEquals(0, damaged.gaps());
        assertEquals(0, intact.malformed());
        assertEquals(5000, intact.duplicates());
        assertTrue(intactEvents.toString().lines().count() > 5000, "records: " + intactEvents.toString().length());
        assertEquals(intactEvents.toString(), damagedEvents.toString());
    }

    private static FeedEngine engine(final LineMap lineMap, final StringWriter events)
    {
        final FeedEngine engine = new FeedEngine(lineMap, ChannelOptions.defaults(), Feed.A, channelId -> true,
            channelId -> false, new ReplayListener(events), null, HandlerCounters.onHeap());
        engine.start();
        return engine;
    }

    private static int assertMalformed(
        final Mdp3PacketAdapter adapter, final Line line, final byte[] packet, final String what)
    {
        final int result = feed(adapter, line, packet, packet.length);
        assertTrue(result < 0, what + " accepted");
        return 1;
    }

    private static byte[] withShort(final byte[] packet, final int offset, final int value)
    {
        final byte[] copy = packet.clone();
        new UnsafeBuffer(copy).putShort(offset, (short)value, ByteOrder.LITTLE_ENDIAN);
        return copy;
    }

    private static List<Integer> messageBoundaries(final byte[] packet)
    {
        final List<Integer> boundaries = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        int position = 12;
        while (position < packet.length)
        {
            position += buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            boundaries.add(position);
        }
        return boundaries;
    }
}
