/*
 * Copyright 2025 xdpfeed contributors.
 */
package io.xdpfeed.codecs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: the UDP payloads of a classic pcap file (microsecond or nanosecond magic, Ethernet link type,
 * optional 802.1Q tag, IPv4, UDP). Frames that are not IPv4/UDP are left out. Not for the hot path.
 */
public final class PcapDatagrams
{
    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int UDP_HEADER_LENGTH = 8;

    private PcapDatagrams()
    {
    }

    /**
     * Read the UDP payloads of a test resource.
     *
     * @param resource class-path resource name, e.g. "/mdp3/MdIncrementalRefreshBook.pcap".
     * @return the payloads, in capture order.
     * @throws IOException if the resource cannot be read.
     */
    public static List<byte[]> read(final String resource) throws IOException
    {
        final byte[] bytes;
        try (InputStream in = PcapDatagrams.class.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IOException("test resource not found: " + resource);
            }
            bytes = in.readAllBytes();
        }

        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = buffer.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
        {
            throw new IOException("not a little-endian classic pcap: " + resource);
        }

        final List<byte[]> payloads = new ArrayList<>();
        int offset = GLOBAL_HEADER_LENGTH;
        while (offset + RECORD_HEADER_LENGTH <= bytes.length)
        {
            final int capturedLength = buffer.getInt(offset + 8);
            final int frame = offset + RECORD_HEADER_LENGTH;
            offset = frame + capturedLength;

            int ip = frame + ETHERNET_HEADER_LENGTH;
            // EtherType is big-endian on the wire (the buffer reads the pcap headers little-endian)
            int etherType = Short.reverseBytes(buffer.getShort(frame + 12)) & 0xFFFF;
            if (etherType == 0x8100)
            {
                etherType = Short.reverseBytes(buffer.getShort(frame + 16)) & 0xFFFF;
                ip += 4;
            }

            if (etherType != 0x0800 || (bytes[ip + 9] & 0xFF) != 17)
            {
                continue;
            }

            final int udp = ip + (bytes[ip] & 0x0F) * 4;
            final int udpLength = (bytes[udp + 4] & 0xFF) << 8 | (bytes[udp + 5] & 0xFF);
            final int payload = udp + UDP_HEADER_LENGTH;
            final int payloadLength = Math.min(udpLength - UDP_HEADER_LENGTH, offset - payload);
            final byte[] datagram = new byte[payloadLength];
            System.arraycopy(bytes, payload, datagram, 0, payloadLength);
            payloads.add(datagram);
        }

        return payloads;
    }
}
