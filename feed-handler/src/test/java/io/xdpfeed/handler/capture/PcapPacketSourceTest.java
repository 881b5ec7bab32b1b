package io.xdpfeed.handler.capture;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.TestCaptures.Datagram;
import io.xdpfeed.handler.capture.CaptureWriter.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pcap and pcapng in every byte order and resolution give the same datagrams; damaged and foreign files give
 * counts or a one-line error with the byte offset, never an exception from {@code poll}.
 */
@Timeout(60)
class PcapPacketSourceTest
{
    private static List<Frame> v9Frames;
    private static List<Datagram> v9Datagrams;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception
    {
        v9Frames = CaptureWriter.readLittleEndianMicrosPcap(TestCaptures.capture(TestCaptures.V9));
        v9Datagrams = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V9));
    }

    private Path write(final String name, final byte[] bytes) throws Exception
    {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertSameDatagrams(final List<Datagram> expected, final List<Datagram> actual,
        final boolean compareTimes)
    {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i).groupAddress(), actual.get(i).groupAddress());
            assertEquals(expected.get(i).port(), actual.get(i).port());
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload());
            if (compareTimes)
            {
                assertEquals(expected.get(i).receiveTimeNs(), actual.get(i).receiveTimeNs(), "datagram " + i);
            }
        }
    }

    @Test
    void realPcapCountsFramesAndSkipsPim()
    {
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(TestCaptures.V9)))
        {
            int delivered = 0;
            while (!source.isEnd())
            {
                delivered += source.poll((g, p, b, o, l, t) -> { }, 7);
            }
            assertEquals("pcap", source.format());
            assertEquals(100, source.frames());
            assertEquals(1, source.skippedFrames());
            assertEquals(99, delivered);
            assertNull(source.damage());
            assertEquals(0, source.poll((g, p, b, o, l, t) -> { }, 10));
        }
        assertEquals(1536760535_676700_000L, v9Datagrams.get(0).receiveTimeNs());
        assertEquals(0xE0001C05, v9Datagrams.get(0).groupAddress());
        assertEquals(14314, v9Datagrams.get(0).port());
        assertEquals(396, v9Datagrams.get(0).payload().length);
    }

    @Test
    void pcapInBothByteOrdersAndResolutions() throws Exception
    {
        for (final ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN))
        {
            for (final boolean nanos : List.of(false, true))
            {
                final Path path = write("v9-" + order + nanos + ".pcap", CaptureWriter.pcap(v9Frames, order, nanos, 1));
                assertSameDatagrams(v9Datagrams, TestCaptures.datagrams(path), true);
            }
        }
    }

    @Test
    void pcapngInBothByteOrdersAndResolutions() throws Exception
    {
        for (final ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN))
        {
            for (final int resolution : new int[]{ -1, 6, 9 })
            {
                final Path path = write("v9-" + order + resolution + ".pcapng",
                    CaptureWriter.pcapng(v9Frames, order, resolution, false));
                assertSameDatagrams(v9Datagrams, TestCaptures.datagrams(path), true);
            }
            final Path simple = write("v9-" + order + "-spb.pcapng", CaptureWriter.pcapng(v9Frames, order, 9, true));
            assertSameDatagrams(v9Datagrams, TestCaptures.datagrams(simple), false);
        }
    }

    @Test
    void pcapngPowerOfTwoAndMillisecondResolution() throws Exception
    {
        final Path binary = write("v9-2-20.pcapng", CaptureWriter.pcapng(v9Frames, ByteOrder.LITTLE_ENDIAN, 0x80 | 20,
            false));
        final List<Datagram> datagrams = TestCaptures.datagrams(binary);
        for (int i = 0; i < datagrams.size(); i++)
        {
            final long error = datagrams.get(i).receiveTimeNs() - v9Datagrams.get(i).receiveTimeNs();
            assertTrue(error <= 0 && error > -1000, "2^-20 s units are within 1 us: " + error);
        }
        assertEquals(1_000_000_000L, PcapNgReader.toNanos(1L << 20, 0x80 | 20));
        assertEquals(1_500_000_000L, PcapNgReader.toNanos(1500, 3));
        assertEquals(1_000_000_000L, PcapNgReader.toNanos(1L << 40, 0x80 | 40));
        assertEquals(1_000_000_000L, PcapNgReader.toNanos(1_000_000_000_000L, 12));
    }

    @Test
    void realPcapngWithAbLines()
    {
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(TestCaptures.V8)))
        {
            final long[] firstTime = { -1 };
            while (!source.isEnd())
            {
                source.poll((g, p, b, o, l, t) ->
                {
                    if (firstTime[0] < 0)
                    {
                        firstTime[0] = t;
                    }
                }, 1000);
            }
            assertEquals("pcapng", source.format());
            assertEquals(10000, source.frames());
            assertEquals(0, source.skippedFrames());
            assertEquals(10000, source.datagrams());
            assertTrue(firstTime[0] > 1_474_934_400L * 1_000_000_000L, "2016-09-27: " + firstTime[0]);
        }
    }

    @Test
    void framesThatAreNotWholeIpv4UdpDatagramsAreSkipped() throws Exception
    {
        final byte[] payload = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        final byte[] plain = FrameBuilder.udp(payload);
        final List<Frame> frames = List.of(
            new Frame(1 * 1000L, plain),
            new Frame(2 * 1000L, FrameBuilder.udp(payload, 0x8100)),
            new Frame(3 * 1000L, FrameBuilder.udp(payload, 0x88a8, 0x8100)),
            new Frame(4 * 1000L, FrameBuilder.udpWithIpOptions(payload)),
            new Frame(5 * 1000L, FrameBuilder.udp(payload, 0x8100, 0x8100, 0x8100)),
            new Frame(6 * 1000L, FrameBuilder.arp()),
            new Frame(7 * 1000L, FrameBuilder.ipv6Udp(payload)),
            new Frame(8 * 1000L, FrameBuilder.tcp(payload)),
            new Frame(9 * 1000L, FrameBuilder.fragment(payload)),
            new Frame(10 * 1000L, Arrays.copyOf(plain, 20)),
            new Frame(11 * 1000L, Arrays.copyOf(plain, plain.length - 5), plain.length),
            new Frame(12 * 1000L, new byte[0]));
        for (final byte[] bytes : List.of(
            CaptureWriter.pcap(frames, ByteOrder.LITTLE_ENDIAN, false, 1),
            CaptureWriter.pcapng(frames, ByteOrder.BIG_ENDIAN, 9, false)))
        {
            final List<Long> deliveredTimes = new ArrayList<>();
            try (PcapPacketSource source = PcapPacketSource.open(write("kinds", bytes)))
            {
                while (!source.isEnd())
                {
                    source.poll((group, port, buffer, offset, length, time) ->
                    {
                        assertEquals(FrameBuilder.GROUP, group);
                        assertEquals(FrameBuilder.PORT, port);
                        final byte[] received = new byte[length];
                        buffer.getBytes(offset, received);
                        assertArrayEquals(payload, received);
                        deliveredTimes.add(time);
                    }, 3);
                }
                assertEquals(12, source.frames());
                assertEquals(8, source.skippedFrames());
                assertNull(source.damage());
            }
            assertEquals(List.of(1000L, 2000L, 3000L, 4000L), deliveredTimes);
        }
    }

    @Test
    void captureCutAtEveryLengthGivesCountsOrAnOpenError() throws Exception
    {
        final List<Frame> frames = v9Frames.subList(0, 4);
        for (final byte[] whole : List.of(
            CaptureWriter.pcap(frames, ByteOrder.LITTLE_ENDIAN, false, 1),
            CaptureWriter.pcapng(frames, ByteOrder.LITTLE_ENDIAN, 9, false)))
        {
            final Path path = dir.resolve("cut");
            for (int length = 0; length <= whole.length; length++)
            {
                Files.write(path, Arrays.copyOf(whole, length));
                final PcapPacketSource source;
                try
                {
                    source = PcapPacketSource.open(path);
                }
                catch (final CaptureFormatException ex)
                {
                    assertTrue(length < 28, "only a cut header fails at open: " + length + " " + ex.getMessage());
                    assertTrue(ex.getMessage().contains("byte offset"), ex.getMessage());
                    continue;
                }
                try (source)
                {
                    while (!source.isEnd())
                    {
                        source.poll((g, p, b, o, l, t) -> { }, 2);
                    }
                    assertTrue(source.frames() <= frames.size());
                    if (length == whole.length)
                    {
                        assertNull(source.damage());
                        assertEquals(frames.size(), source.frames());
                    }
                    else if (source.damage() != null)
                    {
                        assertTrue(source.damage().contains("cut short"), source.damage());
                        assertTrue(source.damageOffset() >= 0 && source.damageOffset() < length);
                    }
                }
            }
        }
    }

    @Test
    void corruptRecordInTheMiddleStopsThereWithItsOffset() throws Exception
    {
        final byte[] bytes = CaptureWriter.pcap(v9Frames.subList(0, 3), ByteOrder.LITTLE_ENDIAN, false, 1);
        final int secondRecord = 24 + 16 + v9Frames.get(0).data().length;
        bytes[secondRecord + 11] = 0x7F; // incl_len = 0x7Fxxxxxx
        try (PcapPacketSource source = PcapPacketSource.open(write("corrupt.pcap", bytes)))
        {
            while (!source.isEnd())
            {
                source.poll((g, p, b, o, l, t) -> { }, 10);
            }
            assertEquals(1, source.frames());
            assertNotNull(source.damage());
            assertEquals(secondRecord, source.damageOffset());
            assertTrue(source.damage().contains("byte offset " + secondRecord), source.damage());
        }
    }

    @Test
    void filesThatAreNotCapturesFailAtOpenWithTheOffset() throws Exception
    {
        final CaptureFormatException text = assertThrows(CaptureFormatException.class,
            () -> PcapPacketSource.open(write("config.xml", "<?xml version=\"1.0\"?><configuration/>".getBytes(
                StandardCharsets.US_ASCII))));
        assertTrue(text.getMessage().contains("not a pcap or pcapng file"), text.getMessage());
        assertEquals(0, text.offset());

        assertThrows(CaptureFormatException.class, () -> PcapPacketSource.open(write("empty", new byte[0])));
        assertThrows(CaptureFormatException.class, () -> PcapPacketSource.open(dir.resolve("missing.pcap")));

        final CaptureFormatException loopback = assertThrows(CaptureFormatException.class, () -> PcapPacketSource.open(
            write("null.pcap", CaptureWriter.pcap(v9Frames, ByteOrder.LITTLE_ENDIAN, false, 0))));
        assertEquals(20, loopback.offset());
        assertTrue(loopback.getMessage().startsWith("pcap link type 0 is not supported"), loopback.getMessage());

        final byte[] badMagic = CaptureWriter.pcapng(v9Frames, ByteOrder.LITTLE_ENDIAN, 9, false);
        badMagic[8] = 0;
        final CaptureFormatException bom = assertThrows(CaptureFormatException.class,
            () -> PcapPacketSource.open(write("bom.pcapng", badMagic)));
        assertEquals(8, bom.offset());
    }

    @Test
    void linuxCookedAndRawIpCapturesGiveTheSameDatagramsAsEthernet() throws Exception
    {
        final List<Frame> sll = new ArrayList<>();
        final List<Frame> sll2 = new ArrayList<>();
        final List<Frame> raw = new ArrayList<>();
        for (final Frame frame : v9Frames)
        {
            final byte[] ethernet = frame.data();
            final int etherType = (ethernet[12] & 0xFF) << 8 | (ethernet[13] & 0xFF);
            assertEquals(0x0800, etherType, "the v9 capture is untagged IPv4");
            final byte[] packet = Arrays.copyOfRange(ethernet, 14, ethernet.length);
            final byte[] cooked = ByteBuffer.allocate(16 + packet.length).order(ByteOrder.BIG_ENDIAN)
                .putShort((short)0).putShort((short)1).putShort((short)6).put(ethernet, 6, 6).putShort((short)0)
                .putShort((short)etherType).put(packet).array();
            final byte[] cooked2 = ByteBuffer.allocate(20 + packet.length).order(ByteOrder.BIG_ENDIAN)
                .putShort((short)etherType).putShort((short)0).putInt(2).putShort((short)1).put((byte)2).put((byte)6)
                .put(ethernet, 6, 6).putShort((short)0).put(packet).array();
            sll.add(new Frame(frame.timestampNs(), cooked));
            sll2.add(new Frame(frame.timestampNs(), cooked2));
            raw.add(new Frame(frame.timestampNs(), packet));
        }
        final List<Path> captures = List.of(
            write("sll.pcap", CaptureWriter.pcap(sll, ByteOrder.LITTLE_ENDIAN, false, 113)),
            write("sll2.pcap", CaptureWriter.pcap(sll2, ByteOrder.BIG_ENDIAN, true, 276)),
            write("raw.pcap", CaptureWriter.pcap(raw, ByteOrder.LITTLE_ENDIAN, false, 101)),
            write("ipv4.pcap", CaptureWriter.pcap(raw, ByteOrder.LITTLE_ENDIAN, false, 228)),
            write("sll.pcapng", CaptureWriter.pcapng(sll, ByteOrder.LITTLE_ENDIAN, 9, false, 113)),
            write("sll2.pcapng", CaptureWriter.pcapng(sll2, ByteOrder.LITTLE_ENDIAN, 9, false, 276)),
            write("raw.pcapng", CaptureWriter.pcapng(raw, ByteOrder.BIG_ENDIAN, 6, false, 101)),
            write("ipv4.pcapng", CaptureWriter.pcapng(raw, ByteOrder.LITTLE_ENDIAN, 9, false, 228)));
        for (final Path capture : captures)
        {
            assertSameDatagrams(v9Datagrams, TestCaptures.datagrams(capture), true);
            try (PcapPacketSource source = PcapPacketSource.open(capture))
            {
                while (!source.isEnd())
                {
                    source.poll((g, p, b, o, l, t) -> { }, 16);
                }
                assertEquals(List.of(100L, 1L, 0L), List.of(source.frames(), source.skippedFrames(),
                    source.badChecksums()), capture.getFileName().toString());
            }
        }
    }

    @Test
    void pcapngInterfaceOfAnotherLinkTypeIsRefusedNotSkipped() throws Exception
    {
        for (final int linkType : new int[]{ 0, 105, 127, 147 })
        {
            final byte[] bytes = CaptureWriter.pcapng(v9Frames, ByteOrder.LITTLE_ENDIAN, 9, false, linkType);
            try (PcapPacketSource source = PcapPacketSource.open(write("other.pcapng", bytes)))
            {
                final CaptureFormatException refused = assertThrows(CaptureFormatException.class,
                    () -> source.poll((g, p, b, o, l, t) -> { }, 16));
                assertTrue(refused.getMessage().contains("pcapng interface 0 link type " + linkType +
                    " is not supported"), refused.getMessage());
                assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
                assertTrue(source.isEnd());
                assertEquals(0, source.frames());
                assertEquals(0, source.poll((g, p, b, o, l, t) -> { }, 16));
            }
        }
    }

    @Test
    void datagramWithABadChecksumIsCountedAndNotDeliveredUnlessTheCheckIsOff() throws Exception
    {
        final List<Frame> frames = new ArrayList<>(v9Frames);
        final byte[] damaged = frames.get(5).data().clone();
        damaged[damaged.length - 1] ^= 0x10;
        frames.set(5, new Frame(frames.get(5).timestampNs(), damaged));
        final Path path = write("bad.pcap", CaptureWriter.pcap(frames, ByteOrder.LITTLE_ENDIAN, false, 1));

        final List<Datagram> expected = new ArrayList<>(v9Datagrams);
        expected.remove(5);
        assertSameDatagrams(expected, TestCaptures.datagrams(path), true);
        for (final boolean verify : List.of(true, false))
        {
            try (PcapPacketSource source = PcapPacketSource.open(path, verify))
            {
                while (!source.isEnd())
                {
                    source.poll((g, p, b, o, l, t) -> { }, 16);
                }
                assertEquals(verify ? List.of(100L, 1L, 1L, 98L) : List.of(100L, 1L, 0L, 99L),
                    List.of(source.frames(), source.skippedFrames(), source.badChecksums(), source.datagrams()));
            }
        }
    }

    @Test
    void rewindReplaysFromTheStart()
    {
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(TestCaptures.V6)))
        {
            for (int pass = 0; pass < 3; pass++)
            {
                source.rewind();
                while (!source.isEnd())
                {
                    source.poll((g, p, b, o, l, t) -> { }, 1000);
                }
            }
            assertEquals(30000, source.frames());
            assertEquals(30000, source.datagrams());
        }
    }
}
