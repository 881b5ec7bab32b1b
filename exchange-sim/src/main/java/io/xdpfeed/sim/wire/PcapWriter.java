package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes every datagram as an Ethernet II / IPv4 / UDP frame to a classic pcap file with nanosecond timestamps
 * (magic {@code 0xa1b23c4d}, link type 1), as a capture on the receiving side of the lab would show it.
 * <p>
 * Frame layout (big-endian):
 * <pre>
 *   Ethernet 14: dst 01:00:5e + low 23 bits of the group, src 02:00 + source IPv4, type 0x0800
 *   IPv4     20: 0x45, tos 0, total length, id (counter), DF, TTL, protocol 17, header checksum, src, dst
 *   UDP       8: src port 50000 + line ordinal, dst port, length, checksum (with the pseudo-header)
 *   payload:     the MDP 3.0 packet
 * </pre>
 * Record timestamps are the send time given to {@link #onDatagram}: the intended (paced) or synthetic time.
 */
public final class PcapWriter implements DatagramSink
{
    /** Magic number of a classic pcap file with nanosecond timestamps. */
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    /** Link type of Ethernet. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** First UDP source port; line {@code l} uses this plus {@code l.ordinal()}. */
    public static final int SOURCE_PORT_BASE = 50_000;

    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int ETHERNET_LENGTH = 14;
    private static final int IPV4_LENGTH = 20;
    private static final int UDP_LENGTH = 8;
    private static final int FRAME_OVERHEAD = ETHERNET_LENGTH + IPV4_LENGTH + UDP_LENGTH;

    private final Path path;
    private final ChannelConfig channel;
    private final int ttl;
    private final FileChannel file;
    private final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(1 << 20);
    private final UnsafeBuffer buffer = new UnsafeBuffer(byteBuffer);
    private int position;
    private int ipId;
    private long records;

    /**
     * Create (or truncate) the capture and write its global header.
     *
     * @param path    of the pcap file.
     * @param channel whose addresses the frames carry.
     * @param ttl     IPv4 TTL written in the frames.
     */
    public PcapWriter(final Path path, final ChannelConfig channel, final int ttl)
    {
        this.path = path;
        this.channel = channel;
        this.ttl = ttl;
        try
        {
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot write capture " + path + ": " + ex.getMessage(), ex);
        }
        buffer.putInt(0, MAGIC_NANOSECONDS, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(4, (short)2, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(6, (short)4, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(8, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(12, 0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(16, 65_535, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(20, LINKTYPE_ETHERNET, ByteOrder.LITTLE_ENDIAN);
        position = GLOBAL_HEADER_LENGTH;
    }

    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer payload, final int offset, final int length, final long timeNs)
    {
        final int frameLength = FRAME_OVERHEAD + length;
        if (position + RECORD_HEADER_LENGTH + frameLength > buffer.capacity())
        {
            writeBuffered();
        }
        final int record = position;
        buffer.putInt(record, (int)(timeNs / 1_000_000_000L), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(record + 4, (int)(timeNs % 1_000_000_000L), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(record + 8, frameLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(record + 12, frameLength, ByteOrder.LITTLE_ENDIAN);

        final int group = channel.groupAddress(line);
        final int source = channel.sourceAddress();
        final int eth = record + RECORD_HEADER_LENGTH;
        buffer.putByte(eth, (byte)0x01);
        buffer.putByte(eth + 1, (byte)0x00);
        buffer.putByte(eth + 2, (byte)0x5e);
        buffer.putByte(eth + 3, (byte)((group >>> 16) & 0x7F));
        buffer.putByte(eth + 4, (byte)(group >>> 8));
        buffer.putByte(eth + 5, (byte)group);
        buffer.putByte(eth + 6, (byte)0x02);
        buffer.putByte(eth + 7, (byte)0x00);
        buffer.putInt(eth + 8, source, ByteOrder.BIG_ENDIAN);
        buffer.putShort(eth + 12, (short)0x0800, ByteOrder.BIG_ENDIAN);

        final int ip = eth + ETHERNET_LENGTH;
        buffer.putByte(ip, (byte)0x45);
        buffer.putByte(ip + 1, (byte)0);
        buffer.putShort(ip + 2, (short)(IPV4_LENGTH + UDP_LENGTH + length), ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + 4, (short)ipId++, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + 6, (short)0x4000, ByteOrder.BIG_ENDIAN);
        buffer.putByte(ip + 8, (byte)ttl);
        buffer.putByte(ip + 9, (byte)17);
        buffer.putShort(ip + 10, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + 12, source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + 16, group, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + 10, (short)checksum(buffer, ip, IPV4_LENGTH, 0), ByteOrder.BIG_ENDIAN);

        final int udp = ip + IPV4_LENGTH;
        final int udpLength = UDP_LENGTH + length;
        buffer.putShort(udp, (short)(SOURCE_PORT_BASE + line.ordinal()), ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 2, (short)channel.port(line), ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 4, (short)udpLength, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 6, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(udp + UDP_LENGTH, payload, offset, length);
        final long pseudo = ((source >>> 16) & 0xFFFF) + (source & 0xFFFF) + ((group >>> 16) & 0xFFFF) +
            (group & 0xFFFF) + 17 + udpLength;
        int udpChecksum = checksum(buffer, udp, udpLength, pseudo);
        if (udpChecksum == 0)
        {
            udpChecksum = 0xFFFF;
        }
        buffer.putShort(udp + 6, (short)udpChecksum, ByteOrder.BIG_ENDIAN);

        position = eth + frameLength;
        records++;
    }

    /**
     * Number of records written.
     *
     * @return the record count.
     */
    public long records()
    {
        return records;
    }

    @Override
    public void close()
    {
        writeBuffered();
        try
        {
            file.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close capture " + path, ex);
        }
    }

    private void writeBuffered()
    {
        byteBuffer.clear().limit(position);
        try
        {
            while (byteBuffer.hasRemaining())
            {
                file.write(byteBuffer);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write capture " + path, ex);
        }
        position = 0;
    }

    private static int checksum(final DirectBuffer buffer, final int offset, final int length, final long initial)
    {
        long sum = initial;
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            sum += buffer.getShort(offset + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        if (i < length)
        {
            sum += (buffer.getByte(offset + i) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }
}
