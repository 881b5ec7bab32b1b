package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The frames {@link UdpFrameEncoder} builds: byte for byte as a real exchange's network stack wrote one (a CME
 * capture), as {@link PcapWriter} writes them, with valid IPv4 and UDP checksums, lengths and multicast MACs.
 */
@Timeout(30)
class UdpFrameEncoderTest
{
    private static final int PCAP_GLOBAL_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;

    @Test
    void rebuildsTheHeadersOfARealCmeFrameByteForByte() throws IOException
    {
        final byte[] frame = firstFrame(resource("/frames/cme-incremental-book.pcap"));
        final UnsafeBuffer real = new UnsafeBuffer(frame);
        final int payloadLength = frame.length - UdpFrameEncoder.HEADER_LENGTH;

        // the flow as the capture shows it: 00:15:c7:24:6c:c0, 69.50.112.95:14361 -> 224.0.28.20:14361, TTL 17, id 0
        final UdpFrameEncoder encoder = new UdpFrameEncoder(Arrays.copyOfRange(frame, 6, 12),
            real.getInt(26, ByteOrder.BIG_ENDIAN), real.getShort(34, ByteOrder.BIG_ENDIAN) & 0xFFFF,
            real.getInt(30, ByteOrder.BIG_ENDIAN), real.getShort(36, ByteOrder.BIG_ENDIAN) & 0xFFFF,
            real.getByte(22) & 0xFF, true);
        final UnsafeBuffer built = new UnsafeBuffer(new byte[frame.length]);
        final int length = encoder.encode(built, 0, real, UdpFrameEncoder.HEADER_LENGTH, payloadLength);

        assertEquals(frame.length, length);
        assertEquals(HexFormat.of().formatHex(frame, 0, UdpFrameEncoder.HEADER_LENGTH),
            HexFormat.of().formatHex(built.byteArray(), 0, UdpFrameEncoder.HEADER_LENGTH),
            "Ethernet/IPv4/UDP headers incl. both checksums");
        assertArrayEquals(frame, built.byteArray());
    }

    @Test
    void buildsTheFramesPcapWriterWrites(@TempDir final Path dir)
    {
        final ChannelConfig channel = ChannelConfig.defaults();
        final Path pcap = dir.resolve("two.pcap");
        final byte[] even = payload(200);
        final byte[] odd = payload(77);
        try (PcapWriter writer = new PcapWriter(pcap, channel, 1))
        {
            writer.onDatagram(SimLine.INCREMENTAL_B, new UnsafeBuffer(even), 0, even.length, 0);
            writer.onDatagram(SimLine.INCREMENTAL_B, new UnsafeBuffer(odd), 0, odd.length, 0);
        }
        final int source = channel.sourceAddress();
        final UdpFrameEncoder encoder = new UdpFrameEncoder(
            new byte[]{0x02, 0x00, (byte)(source >>> 24), (byte)(source >>> 16), (byte)(source >>> 8), (byte)source},
            source, UdpFrameEncoder.SOURCE_PORT_BASE + SimLine.INCREMENTAL_B.ordinal(),
            channel.groupAddress(SimLine.INCREMENTAL_B), channel.port(SimLine.INCREMENTAL_B), 1, true);

        final byte[] written = read(pcap);
        int record = PCAP_GLOBAL_HEADER;
        for (final byte[] payload : new byte[][]{even, odd})
        {
            final int frameLength = new UnsafeBuffer(written).getInt(record + 8, ByteOrder.LITTLE_ENDIAN);
            final byte[] expected = Arrays.copyOfRange(written, record + PCAP_RECORD_HEADER,
                record + PCAP_RECORD_HEADER + frameLength);
            final UnsafeBuffer built = new UnsafeBuffer(new byte[frameLength]);
            assertEquals(frameLength, encoder.encode(built, 0, new UnsafeBuffer(payload), 0, payload.length));
            assertArrayEquals(expected, built.byteArray(), "payload of " + payload.length + " bytes");
            record += PCAP_RECORD_HEADER + frameLength;
        }
    }

    @Test
    void checksumsVerifyAndLengthsMatch()
    {
        final int source = ChannelConfig.parseAddress("10.77.0.1");
        final int group = ChannelConfig.parseAddress("239.255.128.1");
        final UdpFrameEncoder encoder = new UdpFrameEncoder(
            new byte[]{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}, source, 50_000, group, 14_310, 1, true);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
        for (int payloadLength = 0; payloadLength <= 1420; payloadLength += 71)
        {
            final byte[] payload = payload(payloadLength);
            final int frameOffset = 64 + (payloadLength & 7);
            final int length = encoder.encode(frame, frameOffset, new UnsafeBuffer(payload), 0, payload.length);

            assertEquals(UdpFrameEncoder.HEADER_LENGTH + payloadLength, length);
            assertEquals("01005e7f8001021122334455",
                HexFormat.of().formatHex(frame.byteArray(), frameOffset, frameOffset + 12), "MACs");
            assertEquals(0x0800, frame.getShort(frameOffset + 12, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            final int ip = frameOffset + UdpFrameEncoder.ETHERNET_LENGTH;
            assertEquals(28 + payloadLength, frame.getShort(ip + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF, "IPv4 length");
            assertEquals(0, UdpFrameEncoder.checksum(frame, ip, UdpFrameEncoder.IPV4_LENGTH, 0),
                "IPv4 header checksum verifies");
            final int udp = ip + UdpFrameEncoder.IPV4_LENGTH;
            final int udpLength = 8 + payloadLength;
            assertEquals(udpLength, frame.getShort(udp + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF, "UDP length");
            final long pseudoHeader = (source >>> 16) + (source & 0xFFFF) + (group >>> 16) + (group & 0xFFFF) + 17 +
                udpLength;
            assertEquals(0, UdpFrameEncoder.checksum(frame, udp, udpLength, pseudoHeader), "UDP checksum verifies");
            assertArrayEquals(payload, Arrays.copyOfRange(frame.byteArray(), udp + 8, udp + udpLength));
        }
    }

    @Test
    void writesNoUdpChecksumWhenAskedAndCountsTheIpId()
    {
        final UdpFrameEncoder encoder = new UdpFrameEncoder(new byte[6], ChannelConfig.parseAddress("10.77.0.1"),
            50_000, ChannelConfig.parseAddress("224.0.31.1"), 14_310, 1, false);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        for (int id = 0; id < 3; id++)
        {
            assertEquals(id, encoder.nextIpId());
            encoder.encode(frame, 0, new UnsafeBuffer(payload(100)), 0, 100);
            assertEquals(id, frame.getShort(18, ByteOrder.BIG_ENDIAN) & 0xFFFF, "IPv4 id");
            assertEquals(0, frame.getShort(40, ByteOrder.BIG_ENDIAN), "UDP checksum 0: none");
            assertEquals(0, UdpFrameEncoder.checksum(frame, 14, 20, 0));
        }
    }

    @Test
    void multicastMacKeepsTheLow23BitsOfTheGroup()
    {
        final UnsafeBuffer mac = new UnsafeBuffer(new byte[6]);
        UdpFrameEncoder.multicastMac(ChannelConfig.parseAddress("224.0.31.1"), mac, 0);
        assertEquals("01005e001f01", HexFormat.of().formatHex(mac.byteArray()));
        UdpFrameEncoder.multicastMac(ChannelConfig.parseAddress("239.128.32.7"), mac, 0);
        assertEquals("01005e002007", HexFormat.of().formatHex(mac.byteArray()), "bit 23 of the group is dropped");
        assertThrows(IllegalArgumentException.class, () -> new UdpFrameEncoder(new byte[6], 1, 1,
            ChannelConfig.parseAddress("10.77.0.2"), 1, 1, true), "not a group");
    }

    private static byte[] payload(final int length)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(i * 31 + 7);
        }
        return payload;
    }

    private static byte[] firstFrame(final byte[] pcap)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(pcap);
        final int length = buffer.getInt(PCAP_GLOBAL_HEADER + 8, ByteOrder.LITTLE_ENDIAN);
        final int start = PCAP_GLOBAL_HEADER + PCAP_RECORD_HEADER;
        return Arrays.copyOfRange(pcap, start, start + length);
    }

    private static byte[] resource(final String name) throws IOException
    {
        try (InputStream in = UdpFrameEncoderTest.class.getResourceAsStream(name))
        {
            return in.readAllBytes();
        }
    }

    private static byte[] read(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
