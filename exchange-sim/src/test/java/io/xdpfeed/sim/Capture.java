package io.xdpfeed.sim;

import io.xdpfeed.ingress.UdpFrameParser;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.PcapWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a classic nanosecond pcap written by the simulator back into datagrams, through the ingress
 * {@link UdpFrameParser}: what a capture-replay source would deliver.
 */
final class Capture
{
    private Capture()
    {
    }

    static List<Datagram> read(final Path path, final ChannelConfig channel) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(path);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertEquals(PcapWriter.MAGIC_NANOSECONDS, buffer.getInt(0, ByteOrder.LITTLE_ENDIAN), "pcap magic");
        assertEquals(PcapWriter.LINKTYPE_ETHERNET, buffer.getInt(20, ByteOrder.LITTLE_ENDIAN), "link type");
        final List<Datagram> datagrams = new ArrayList<>();
        int offset = 24;
        while (offset < bytes.length)
        {
            final long seconds = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            final long nanos = buffer.getInt(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            final int captured = buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN);
            final int original = buffer.getInt(offset + 12, ByteOrder.LITTLE_ENDIAN);
            assertEquals(original, captured, "whole frames are captured");
            assertTrue(nanos < 1_000_000_000L, "nanosecond field below one second");
            final long timeNs = seconds * 1_000_000_000L + nanos;
            final int frame = offset + 16;
            final boolean parsed = UdpFrameParser.parse(buffer, frame, captured, timeNs,
                (group, port, payload, payloadOffset, length, receiveTimeNs) ->
                {
                    final SimLine line = channel.lineOf(group, port);
                    assertNotNull(line, "datagram to a line of the channel: " + ChannelConfig.formatAddress(group) +
                        ":" + port);
                    final byte[] copy = new byte[length];
                    payload.getBytes(payloadOffset, copy);
                    datagrams.add(new Datagram(line, copy, receiveTimeNs));
                });
            assertTrue(parsed, "frame at file offset " + offset + " is a whole IPv4/UDP datagram");
            offset = frame + captured;
        }
        assertEquals(bytes.length, offset, "the capture ends on a record boundary");
        return datagrams;
    }
}
