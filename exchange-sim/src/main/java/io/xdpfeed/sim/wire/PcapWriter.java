package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.OutputPaths;
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
 * The headers are the {@link UdpFrameEncoder}'s, the AF_XDP sender's (one encoder per line; the IPv4 id counts over
 * the whole capture). Record timestamps are the send time given to {@link #onDatagram}: the intended (paced) or
 * synthetic time.
 */
public final class PcapWriter implements DatagramSink
{
    /** Magic number of a classic pcap file with nanosecond timestamps. */
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    /** Link type of Ethernet. */
    public static final int LINKTYPE_ETHERNET = 1;

    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;

    private final Path path;
    private final UdpFrameEncoder[] encoders;
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
        encoders = UdpFrameEncoder.forLines(channel, UdpFrameEncoder.localMac(channel.sourceAddress()), ttl);
        try
        {
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot write capture " + path + ": " + OutputPaths.reason(ex), ex);
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
        final int frameLength = UdpFrameEncoder.HEADER_LENGTH + length;
        if (position + RECORD_HEADER_LENGTH + frameLength > buffer.capacity())
        {
            writeBuffered();
        }
        final int record = position;
        buffer.putInt(record, (int)(timeNs / 1_000_000_000L), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(record + 4, (int)(timeNs % 1_000_000_000L), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(record + 8, frameLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(record + 12, frameLength, ByteOrder.LITTLE_ENDIAN);

        final int frame = record + RECORD_HEADER_LENGTH;
        buffer.putBytes(frame + UdpFrameEncoder.HEADER_LENGTH, payload, offset, length);
        encoders[line.ordinal()].encodeHeaders(buffer, frame, length, ipId++);
        position = frame + frameLength;
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
}
