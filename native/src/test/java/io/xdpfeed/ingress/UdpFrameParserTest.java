package io.xdpfeed.ingress;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UDP checksum against a plain RFC 1071 sum of big-endian 16-bit words (an independent reference), at every
 * payload length and alignment; every single-bit flip detected; a zero checksum accepted; and each link header.
 */
@Timeout(60)
class UdpFrameParserTest
{
    private static final int SOURCE = 0x0A4D0001; // 10.77.0.1
    private static final int GROUP = 0xEF4D0001; // 239.77.0.1
    private static final int PORT = 30001;

    /** One delivered datagram. */
    record Delivered(int group, int port, int length, long timeNs)
    {
    }

    @Test
    void checksumOfEveryLengthAndAlignmentHoldsAndEveryBitFlipIsCaught()
    {
        final SplittableRandom random = new SplittableRandom(13);
        for (int payloadLength = 0; payloadLength <= 80; payloadLength++)
        {
            for (int alignment = 0; alignment < 8; alignment++)
            {
                final byte[] payload = new byte[payloadLength];
                random.nextBytes(payload);
                final int source = random.nextInt();
                final byte[] frame = ethernet(ipv4Udp(source, GROUP, PORT, payload, true));
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[alignment + frame.length]);
                buffer.putBytes(alignment, frame);
                final int ip = alignment + 14;
                final int udp = ip + 20;
                assertTrue(UdpFrameParser.checksumHolds(buffer, ip, udp, 8 + payloadLength),
                    "length " + payloadLength + " alignment " + alignment);
                assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(
                    buffer, alignment, frame.length, 0, (g, p, b, o, l, t) -> { }, true));

                // every bit the checksum covers: addresses, UDP header (not the length: it would change framing)
                // and payload
                final List<Integer> covered = new ArrayList<>();
                for (int i = ip + 12; i < ip + 20; i++)
                {
                    covered.add(i);
                }
                for (int i = udp; i < udp + 8 + payloadLength; i++)
                {
                    if (i != udp + 4 && i != udp + 5)
                    {
                        covered.add(i);
                    }
                }
                for (final int index : covered)
                {
                    final int bit = 1 << random.nextInt(8);
                    final byte original = buffer.getByte(index);
                    buffer.putByte(index, (byte)(original ^ bit));
                    final boolean zeroChecksum = buffer.getShort(udp + 6) == 0;
                    if (!zeroChecksum)
                    {
                        assertFalse(UdpFrameParser.checksumHolds(buffer, ip, udp, 8 + payloadLength),
                            "flip at " + (index - alignment) + " length " + payloadLength);
                        assertEquals(UdpFrameParser.BAD_CHECKSUM, UdpFrameParser.parseEthernet(
                            buffer, alignment, frame.length, 0, (g, p, b, o, l, t) -> { }, true));
                        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(
                            buffer, alignment, frame.length, 0, (g, p, b, o, l, t) -> { }, false));
                        assertFalse(UdpFrameParser.parse(buffer, alignment, frame.length, 0,
                            (g, p, b, o, l, t) -> { }));
                    }
                    buffer.putByte(index, original);
                }
            }
        }
    }

    @Test
    void matchesTheReferenceSumOnLargeRandomDatagrams()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++)
        {
            final byte[] payload = new byte[random.nextInt(1473)];
            random.nextBytes(payload);
            final byte[] packet = ipv4Udp(random.nextInt(), random.nextInt(), random.nextInt(1, 65536), payload, true);
            // corrupt half of them in the checksum field only, where the reference decides
            if (random.nextBoolean())
            {
                final int checksum = ((packet[26] & 0xFF) << 8 | (packet[27] & 0xFF)) ^ (1 + random.nextInt(0xFFFE));
                packet[26] = (byte)(checksum >>> 8);
                packet[27] = (byte)checksum;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(packet);
            final boolean expected = referenceSum(packet) == 0xFFFF;
            assertEquals(expected, UdpFrameParser.checksumHolds(buffer, 0, 20, 8 + payload.length), "datagram " + i);
        }
    }

    @Test
    void zeroChecksumMeansNoneAndAllOnesMeansComputedZero()
    {
        final byte[] payload = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] none = ethernet(ipv4Udp(SOURCE, GROUP, PORT, payload, false));
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(
            new UnsafeBuffer(none), 0, none.length, 0, (g, p, b, o, l, t) -> { }, true));

        // find a payload whose checksum computes to 0, which is sent as 0xFFFF (RFC 768)
        final byte[] adjustable = new byte[12];
        final byte[] withoutFix = ipv4Udp(SOURCE, GROUP, PORT, adjustable, true);
        final int checksum = (withoutFix[26] & 0xFF) << 8 | (withoutFix[27] & 0xFF);
        // the last two payload bytes add what makes the sum 0xFFFF before complement: the checksum becomes 0
        adjustable[10] = (byte)(checksum >>> 8);
        adjustable[11] = (byte)checksum;
        final byte[] zeroSum = ipv4Udp(SOURCE, GROUP, PORT, adjustable, true);
        assertEquals((byte)0xFF, zeroSum[26]);
        assertEquals((byte)0xFF, zeroSum[27]);
        assertTrue(UdpFrameParser.checksumHolds(new UnsafeBuffer(zeroSum), 0, 20, 20));
    }

    @Test
    void readsOnlyInsideTheFrameAndTheBufferAndNeverThrows()
    {
        final byte[] payload = new byte[40];
        new SplittableRandom(5).nextBytes(payload);
        final byte[] frame = ethernet(ipv4Udp(SOURCE, GROUP, PORT, payload, true));
        // off-heap like the UMEM, the frame at the very end: the parser reads the bytes without per-read checks
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(frame.length));
        buffer.putBytes(0, frame);
        final List<Delivered> delivered = new ArrayList<>();
        final DatagramHandler handler = (group, port, b, offset, length, timeNs) ->
            delivered.add(new Delivered(group, port, length, timeNs));

        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(buffer, 0, frame.length, 1, handler, true));
        for (int length = 0; length < frame.length; length++)
        {
            assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseEthernet(buffer, 0, length, 2, handler, true),
                "cut to " + length);
        }
        // a range not inside the buffer is refused before any read
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseEthernet(buffer, 1, frame.length, 3, handler, true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseEthernet(buffer, -1, frame.length, 4, handler, true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseRawIp(buffer, 14, frame.length, 5, handler, true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseLinuxCooked(buffer, 0, frame.length + 1, 6, handler,
            true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseLinuxCooked2(buffer, 0, Integer.MAX_VALUE, 7,
            handler, true));
        assertFalse(UdpFrameParser.checksumHolds(buffer, 14, 34, frame.length - 33));
        assertTrue(UdpFrameParser.checksumHolds(buffer, 14, 34, frame.length - 34));

        // lengths that claim more than the frame holds
        final int ipTotalLength = buffer.getShort(16, ByteOrder.BIG_ENDIAN);
        buffer.putShort(16, (short)(ipTotalLength + 1), ByteOrder.BIG_ENDIAN);
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseEthernet(buffer, 0, frame.length, 8, handler, true));
        buffer.putShort(16, (short)ipTotalLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(38, (short)(ipTotalLength - 20 + 1), ByteOrder.BIG_ENDIAN);
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseEthernet(buffer, 0, frame.length, 9, handler, false));
        buffer.putShort(38, (short)(ipTotalLength - 20), ByteOrder.BIG_ENDIAN);
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(buffer, 0, frame.length, 10, handler,
            true));

        assertEquals(List.of(new Delivered(GROUP, PORT, payload.length, 1), new Delivered(GROUP, PORT,
            payload.length, 10)), delivered);
    }

    @Test
    void everyLinkHeaderDeliversTheSameDatagram()
    {
        final byte[] payload = new byte[33];
        new SplittableRandom(3).nextBytes(payload);
        final byte[] packet = ipv4Udp(SOURCE, GROUP, PORT, payload, true);
        final List<Delivered> delivered = new ArrayList<>();
        final DatagramHandler handler = (group, port, buffer, offset, length, timeNs) ->
        {
            final byte[] received = new byte[length];
            buffer.getBytes(offset, received);
            assertEquals(java.util.Arrays.toString(payload), java.util.Arrays.toString(received));
            delivered.add(new Delivered(group, port, length, timeNs));
        };

        final byte[] ethernet = ethernet(packet);
        final byte[] sll = concat(sllHeader(0x0800), packet);
        final byte[] sllVlan = concat(sllHeader(0x8100), new byte[]{ 0, 100, 0x08, 0x00 }, packet);
        final byte[] sll2 = concat(sll2Header(0x0800), packet);
        final byte[] sll2Vlan = concat(sll2Header(0x8100), new byte[]{ 0, 100, 0x08, 0x00 }, packet);
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(
            new UnsafeBuffer(ethernet), 0, ethernet.length, 1, handler, true));
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseLinuxCooked(
            new UnsafeBuffer(sll), 0, sll.length, 2, handler, true));
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseLinuxCooked(
            new UnsafeBuffer(sllVlan), 0, sllVlan.length, 3, handler, true));
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseLinuxCooked2(
            new UnsafeBuffer(sll2), 0, sll2.length, 4, handler, true));
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseLinuxCooked2(
            new UnsafeBuffer(sll2Vlan), 0, sll2Vlan.length, 5, handler, true));
        assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseRawIp(
            new UnsafeBuffer(packet), 0, packet.length, 6, handler, true));

        // not IPv4: skipped, never delivered
        final byte[] sllArp = concat(sllHeader(0x0806), packet);
        final byte[] sll2Ipv6 = concat(sll2Header(0x86DD), packet);
        final byte[] rawIpv6 = packet.clone();
        rawIpv6[0] = 0x60;
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseLinuxCooked(
            new UnsafeBuffer(sllArp), 0, sllArp.length, 7, handler, true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseLinuxCooked2(
            new UnsafeBuffer(sll2Ipv6), 0, sll2Ipv6.length, 8, handler, true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseRawIp(
            new UnsafeBuffer(rawIpv6), 0, rawIpv6.length, 9, handler, true));
        assertEquals(UdpFrameParser.SKIPPED, UdpFrameParser.parseLinuxCooked2(
            new UnsafeBuffer(sll2), 0, 30, 10, handler, true));

        final List<Delivered> expected = new ArrayList<>();
        for (long time = 1; time <= 6; time++)
        {
            expected.add(new Delivered(GROUP, PORT, payload.length, time));
        }
        assertEquals(expected, delivered);
    }

    @Test
    void onlyAWholeIpv4UdpDatagramIsDelivered()
    {
        final byte[] payload = new byte[24];
        new SplittableRandom(9).nextBytes(payload);
        final byte[] plain = ethernet(ipv4Udp(SOURCE, GROUP, PORT, payload, false));
        final List<String> outcomes = new ArrayList<>();
        final DatagramHandler handler = (group, port, buffer, offset, length, timeNs) -> { };
        // {byte offset in the frame, value}: the IPv4 header's first byte is at 14
        for (final int[] change : new int[][]{
            {14, 0x45}, {14, 0x65}, {14, 0x44}, {14, 0x35}, {14, 0x4F},
            {23, 17}, {23, 6},
            {20, 0x40}, {20, 0x20}, {20, 0x00}, {21, 0x01}, {20, 0x1F},
            {16, 0x01}, {17, 27}})
        {
            final byte[] frame = plain.clone();
            frame[change[0]] = (byte)change[1];
            outcomes.add(change[0] + "=" + change[1] + " " +
                UdpFrameParser.parseEthernet(new UnsafeBuffer(frame), 0, frame.length, 1, handler, false));
        }
        final int delivered = UdpFrameParser.DELIVERED;
        final int skipped = UdpFrameParser.SKIPPED;
        assertEquals(List.of(
            "14=69 " + delivered, // version 4, 20-byte header
            "14=101 " + skipped, // version 6
            "14=68 " + skipped, // a header of 16 bytes
            "14=53 " + skipped, // version 3
            "14=79 " + skipped, // 60 bytes of header: more than the datagram holds after it
            "23=17 " + delivered, // UDP
            "23=6 " + skipped, // TCP
            "20=64 " + delivered, // don't fragment: still whole
            "20=32 " + skipped, // more fragments
            "20=0 " + delivered, // no flags
            "21=1 " + skipped, // a fragment offset
            "20=31 " + skipped, // a fragment offset's high bits
            "16=1 " + skipped, // a total length of 308: more than the frame holds
            "17=27 " + skipped), // a total length of 27: less than the headers
            outcomes);
    }

    @Test
    void ipv4OptionsMoveTheUdpHeaderAndItsPayload()
    {
        final byte[] payload = new byte[21];
        new SplittableRandom(5).nextBytes(payload);
        final byte[] plain = ipv4Udp(SOURCE, GROUP, PORT, payload, true);
        final List<String> delivered = new ArrayList<>();
        final DatagramHandler handler = (group, port, buffer, offset, length, timeNs) ->
        {
            final byte[] received = new byte[length];
            buffer.getBytes(offset, received);
            delivered.add(group + ":" + port + " " + java.util.Arrays.toString(received) + " at " + timeNs);
        };
        final List<String> expected = new ArrayList<>();
        for (int words = 1; words <= 10; words++)
        {
            // IHL 5 + words: NOP options between the IPv4 and UDP headers (the UDP checksum does not cover them)
            final byte[] options = new byte[4 * words];
            java.util.Arrays.fill(options, (byte)1);
            final byte[] packet = concat(java.util.Arrays.copyOf(plain, 20), options,
                java.util.Arrays.copyOfRange(plain, 20, plain.length));
            packet[0] = (byte)(0x45 + words);
            final int totalLength = plain.length + options.length;
            packet[2] = (byte)(totalLength >>> 8);
            packet[3] = (byte)totalLength;
            final byte[] frame = ethernet(packet);
            assertEquals(UdpFrameParser.DELIVERED, UdpFrameParser.parseEthernet(
                new UnsafeBuffer(frame), 0, frame.length, words, handler, true));
            expected.add(GROUP + ":" + PORT + " " + java.util.Arrays.toString(payload) + " at " + words);
        }
        assertEquals(expected, delivered);
    }

    /**
     * RFC 1071 by the book: big-endian 16-bit words of the pseudo-header, UDP header and payload.
     */
    private static int referenceSum(final byte[] packet)
    {
        final ByteBuffer ip = ByteBuffer.wrap(packet).order(ByteOrder.BIG_ENDIAN);
        final int udpLength = ip.getShort(24) & 0xFFFF;
        long sum = 0;
        for (int i = 12; i < 20; i += 2)
        {
            sum += ip.getShort(i) & 0xFFFF;
        }
        sum += 17 + udpLength;
        for (int i = 0; i < udpLength; i += 2)
        {
            final int high = packet[20 + i] & 0xFF;
            final int low = i + 1 < udpLength ? packet[20 + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }

    static byte[] ipv4Udp(final int source, final int group, final int port, final byte[] payload,
        final boolean checksum)
    {
        final int udpLength = 8 + payload.length;
        final ByteBuffer packet = ByteBuffer.allocate(20 + udpLength).order(ByteOrder.BIG_ENDIAN);
        packet.put((byte)0x45).put((byte)0).putShort((short)(20 + udpLength)).putShort((short)1).putShort((short)0)
            .put((byte)1).put((byte)17).putShort((short)0).putInt(source).putInt(group);
        packet.putShort((short)40000).putShort((short)port).putShort((short)udpLength).putShort((short)0)
            .put(payload);
        final byte[] bytes = packet.array();
        if (checksum)
        {
            // 0xFFFF is one's-complement zero: the sum with it in the field is the sum without it
            bytes[26] = (byte)0xFF;
            bytes[27] = (byte)0xFF;
            int value = ~referenceSum(bytes) & 0xFFFF;
            if (value == 0)
            {
                value = 0xFFFF;
            }
            bytes[26] = (byte)(value >>> 8);
            bytes[27] = (byte)value;
        }
        return bytes;
    }

    private static byte[] ethernet(final byte[] packet)
    {
        return concat(new byte[]{ 1, 0, 0x5e, 0x4d, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00 }, packet);
    }

    private static byte[] sllHeader(final int protocol)
    {
        final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
        header.putShort((short)0).putShort((short)1).putShort((short)6).put(new byte[]{ 0, 0, 0, 0, 0, 2, 0, 0 })
            .putShort((short)protocol);
        return header.array();
    }

    private static byte[] sll2Header(final int protocol)
    {
        final ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.BIG_ENDIAN);
        header.putShort((short)protocol).putShort((short)0).putInt(3).putShort((short)1).put((byte)0).put((byte)6)
            .put(new byte[]{ 0, 0, 0, 0, 0, 2, 0, 0 });
        return header.array();
    }

    private static byte[] concat(final byte[]... parts)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
